package io.ridewire.infra;

import io.ridewire.routes.Route;
import io.ridewire.routes.RouteCatalogue;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.WebSocketLambdaAuthorizer;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.WebSocketLambdaAuthorizerProps;
import software.amazon.awscdk.aws_apigatewayv2_integrations.WebSocketLambdaIntegration;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogSettings;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogDestination;
import software.amazon.awscdk.services.apigatewayv2.LogGroupLogDestination;
import software.amazon.awscdk.services.apigatewayv2.WebSocketApi;
import software.amazon.awscdk.services.apigatewayv2.WebSocketRoute;
import software.amazon.awscdk.services.apigatewayv2.WebSocketRouteOptions;
import software.amazon.awscdk.services.apigatewayv2.WebSocketStage;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The WebSocket API: route selection on {@code $request.body.type}, one route per {@link RouteCatalogue} entry
 * integrated with that route's function alias, two-way routes where the catalogue says so, the JWT REQUEST
 * authorizer on {@code $connect}, and one stage with access logs.
 *
 * <p>Identity source. API Gateway calls a REQUEST authorizer only when every identity source it names is present,
 * and answers 401 itself otherwise. Apps send {@code Authorization: Bearer …}; browsers cannot set headers on a
 * WebSocket and send {@code ?token=…}. Naming either would lock the other client out, naming both would demand
 * both. So the identity source is the {@code Host} header, which every WebSocket handshake carries (RFC 6455
 * §4.1): API Gateway always invokes the authorizer, and the authorizer ({@code BearerToken}) looks for the header
 * first, then the query parameter, and refuses with 401 when neither holds a valid token. WebSocket authorizers
 * cache no results, so nothing is lost by this choice.
 */
public final class WebSocketGateway extends Construct {
    /** Route selection: the envelope's {@code type}. */
    public static final String ROUTE_SELECTION = "$request.body.type";
    /** The identity source that is present on every handshake (see the class comment). */
    public static final String IDENTITY_SOURCE = "route.request.header.Host";

    private final WebSocketApi api;
    private final WebSocketStage stage;
    private final Map<String, WebSocketRoute> routes = new LinkedHashMap<>();

    public WebSocketGateway(Construct scope, String id, StackSettings settings, ApiLogging logging) {
        super(scope, id);
        this.api = WebSocketApi.Builder.create(this, "Api")
                .apiName(settings.prefix() + "ws")
                .description("Ridewire real-time API")
                .routeSelectionExpression(ROUTE_SELECTION)
                .build();
        LogGroup accessLogs = LogGroup.Builder.create(this, "AccessLogs")
                .retention(Logs.retention(settings.logRetentionDays()))
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        this.stage = WebSocketStage.Builder.create(this, "Stage")
                .webSocketApi(api)
                .stageName(settings.env())
                .autoDeploy(true)
                .accessLogSettings(new IAccessLogSettings() {
                    @Override
                    public IAccessLogDestination getDestination() {
                        return new LogGroupLogDestination(accessLogs);
                    }

                    @Override
                    public AccessLogFormat getFormat() {
                        return AccessLogFormat.custom("{\"requestId\":\"$context.requestId\","
                                + "\"connectionId\":\"$context.connectionId\",\"routeKey\":\"$context.routeKey\","
                                + "\"eventType\":\"$context.eventType\",\"status\":\"$context.status\","
                                + "\"userId\":\"$context.authorizer.principalId\","
                                + "\"integrationLatency\":\"$context.integrationLatency\","
                                + "\"error\":\"$context.error.message\",\"time\":\"$context.requestTimeEpoch\"}");
                    }
                })
                .build();
        stage.getNode().addDependency(logging.account());
    }

    /** Adds the authorizer and one route per catalogue entry, each integrated with its function's alias. */
    public void route(RouteFunctions functions) {
        WebSocketLambdaAuthorizer authorizer = new WebSocketLambdaAuthorizer("JwtAuthorizer", functions.authorizer(),
                WebSocketLambdaAuthorizerProps.builder()
                        .authorizerName("jwt")
                        .identitySource(List.of(IDENTITY_SOURCE))
                        .build());
        for (Route route : RouteCatalogue.routes()) {
            var options = WebSocketRouteOptions.builder()
                    .integration(new WebSocketLambdaIntegration(route.functionName() + "Integration",
                            functions.forRoute(route.routeKey())))
                    .returnResponse(route.returnResponse());
            if (Route.CONNECT.equals(route.routeKey())) {
                options.authorizer(authorizer);
            }
            routes.put(route.routeKey(), api.addRoute(route.routeKey(), options.build()));
        }
    }

    public WebSocketApi api() {
        return api;
    }

    public WebSocketStage stage() {
        return stage;
    }

    public Map<String, WebSocketRoute> routes() {
        return routes;
    }
}
