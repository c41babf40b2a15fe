package io.ridewire.infra;

import io.ridewire.deployment.Route;
import io.ridewire.deployment.RouteCatalogue;
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
import software.amazon.awscdk.services.apigatewayv2.WebSocketRouteProps;
import software.amazon.awscdk.services.apigatewayv2.ThrottleSettings;
import software.amazon.awscdk.services.apigatewayv2.WebSocketStage;
import software.amazon.awscdk.services.lambda.Alias;
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
    /**
     * Stage throttling, messages per second over all connections: a fifth of the account's default 10,000, so one
     * runaway client population cannot starve the account's other APIs; raise it with the account quota.
     */
    static final int RATE_LIMIT = 2000;
    static final int BURST_LIMIT = 5000;

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
                .throttle(ThrottleSettings.builder().rateLimit(RATE_LIMIT).burstLimit(BURST_LIMIT).build())
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

    /**
     * Adds one catalogue route in {@code scope} (its concern's nested stack), integrated with its function's alias;
     * {@code authorizer} guards it when given ($connect).
     */
    public WebSocketRoute route(Construct scope, Route route, Alias function, Alias authorizer) {
        var options = WebSocketRouteProps.builder()
                .webSocketApi(api)
                .routeKey(route.routeKey())
                .integration(new WebSocketLambdaIntegration(route.functionName() + "Integration", function))
                .returnResponse(route.returnResponse());
        if (authorizer != null) {
            options.authorizer(new WebSocketLambdaAuthorizer("JwtAuthorizer", authorizer,
                    WebSocketLambdaAuthorizerProps.builder()
                            .authorizerName("jwt")
                            .identitySource(List.of(IDENTITY_SOURCE))
                            .build()));
        }
        WebSocketRoute added = new WebSocketRoute(scope, route.functionName() + "Route", options.build());
        routes.put(route.routeKey(), added);
        return added;
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
