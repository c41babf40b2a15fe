package io.ridewire.local.gateway;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import io.micronaut.context.ApplicationContext;
import io.ridewire.deployment.Route;
import io.ridewire.deployment.RouteCatalogue;
import io.ridewire.functions.aws.DynamoCallCounter;
import io.ridewire.local.dynamo.RouteGrants;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The real Ridewire handler classes, one instance per route as Lambda would hold them, all sharing one
 * ApplicationContext. They are invoked through their {@code handleRequest} entry points. The Lambda
 * {@code Context} argument is null: Micronaut registers a non-null one as a singleton on every call, which is
 * only safe with one invocation per process, as in Lambda. The DynamoDB calls of an invocation run under its route
 * ({@link DynamoCallCounter#attributedTo}), which the local IAM ({@link RouteGrants}) checks.
 */
public final class Lambdas {
    private final Map<String, RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse>> routes =
            new LinkedHashMap<>();
    private final Map<String, Route> routeSpecs = new LinkedHashMap<>();
    private final RequestHandler<APIGatewayCustomAuthorizerEvent, IamPolicyResponseV1> authorizer;
    private final RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> restApi;

    public Lambdas(ApplicationContext context) {
        for (Route route : RouteCatalogue.routes()) {
            routes.put(route.routeKey(), instantiate(route.handlerClass(), context));
            routeSpecs.put(route.routeKey(), route);
        }
        this.authorizer = instantiate(RouteCatalogue.AUTHORIZER, context);
        this.restApi = instantiate(RouteCatalogue.REST_API, context);
    }

    @SuppressWarnings("unchecked")
    private static <T> T instantiate(String className, ApplicationContext context) {
        try {
            Class<?> type = Class.forName(className);
            return (T) type.getConstructor(ApplicationContext.class).newInstance(context);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create handler " + className
                    + " (it needs a public constructor taking an ApplicationContext)", e);
        }
    }

    public boolean hasRoute(String routeKey) {
        return routes.containsKey(routeKey);
    }

    public Optional<Route> route(String routeKey) {
        return Optional.ofNullable(routeSpecs.get(routeKey));
    }

    public APIGatewayV2WebSocketResponse invoke(String routeKey, APIGatewayV2WebSocketEvent event) {
        long started = System.nanoTime();
        APIGatewayV2WebSocketResponse response = null;
        RuntimeException failure = null;
        try {
            response = DynamoCallCounter.attributedTo(routeKey, () -> routes.get(routeKey).handleRequest(event, null));
            return response;
        } catch (RuntimeException e) {
            failure = e;
            throw e;
        } finally {
            InvocationReport.report(routeKey, event, response, failure, started);
        }
    }

    public IamPolicyResponseV1 authorize(APIGatewayCustomAuthorizerEvent event) {
        return DynamoCallCounter.attributedTo(RouteGrants.AUTHORIZER, () -> authorizer.handleRequest(event, null));
    }

    public APIGatewayProxyResponseEvent rest(APIGatewayProxyRequestEvent event) {
        return DynamoCallCounter.attributedTo(RouteGrants.REST_API, () -> restApi.handleRequest(event, null));
    }
}
