package io.ridewire.infra;

import io.ridewire.deployment.Route;
import io.ridewire.deployment.RouteCatalogue;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.NestedStack;
import software.amazon.awscdk.NestedStackProps;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.constructs.Construct;
import software.constructs.IConstruct;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The whole Ridewire deployment: network, tables, Redis, secrets, the WebSocket API and its stage, the bridge
 * service, alarms and the dashboard in this stack; the route functions in one nested stack per concern
 * ({@link RouteStack}) and the REST API in one of its own, so that no template nears CloudFormation's 1 MB as
 * routes are added.
 */
public final class RidewireStack extends Stack {
    private final RouteFunctions functions;
    private final WebSocketGateway webSocket;
    private final RestGateway rest;
    private final DataTables tables;
    private final BridgeService bridge;
    private final Alarms alarms;
    private final List<NestedStack> nested = new ArrayList<>();

    public RidewireStack(Construct scope, String id, StackProps props, StackSettings settings) {
        this(scope, id, props, settings, RouteCatalogue.routes());
    }

    /** With another list of routes than the catalogue's: the template size test deploys twice as many. */
    RidewireStack(Construct scope, String id, StackProps props, StackSettings settings, List<Route> routes) {
        super(scope, id, props);
        Network network = new Network(this, "Network", settings);
        this.tables = new DataTables(this, "Tables", settings);
        RuntimeSecrets secrets = new RuntimeSecrets(this, "Secrets", settings);
        Cache cache = new Cache(this, "Cache", settings, network, secrets);
        ApiLogging logging = new ApiLogging(this, "ApiLogging");
        this.webSocket = new WebSocketGateway(this, "WebSocket", settings, logging);
        this.alarms = new Alarms(this, "Alarms", settings);
        this.functions = new RouteFunctions(new RouteFunctions.Dependencies(
                settings, network, tables, cache, secrets, webSocket.stage()));
        functions.authorizer(this, RouteCatalogue.AUTHORIZER, RouteCatalogue.AUTHORIZER_NEEDS);
        alarms.forFunction(this, "Authorizer", functions.functions().get("Authorizer"));
        for (Map.Entry<String, List<Route>> concern : RouteStack.byConcern(routes).entrySet()) {
            nested.add(new RouteStack(this, "Routes" + concern.getKey(), concern.getValue(), functions, webSocket,
                    alarms));
        }
        NestedStack restStack = new NestedStack(this, "Rest",
                NestedStackProps.builder().description("Ridewire REST API").build());
        nested.add(restStack);
        this.rest = new RestGateway(restStack, "Gateway", settings,
                functions.restApi(restStack, RouteCatalogue.REST_API, RouteCatalogue.REST_API_NEEDS), logging);
        alarms.forFunction(restStack, "RestApi", functions.functions().get("RestApi"));
        this.bridge = new BridgeService(this, "Bridge", settings, network, tables, cache, secrets, webSocket);

        alarms.forApis(webSocket, rest, settings);
        alarms.forTables(tables);
        alarms.forCache(cache, settings);
        alarms.forNat(network);
        alarms.forBridge(bridge, settings);
        new Dashboard(this, "Dashboard", settings, webSocket, alarms);
        List<IConstruct> functionScopes = new ArrayList<>(nested);
        functionScopes.add(functions.functions().get("Authorizer"));
        Suppressions.apply(functionScopes, logging, webSocket, rest, bridge, secrets);

        CfnOutput.Builder.create(this, "WebSocketUrl").value(webSocket.stage().getUrl())
                .description("wss:// URL apps connect to").build();
        CfnOutput.Builder.create(this, "ManagementEndpoint").value(webSocket.stage().getCallbackUrl())
                .description("RIDEWIRE_AWS_MANAGEMENT_ENDPOINT").build();
        CfnOutput.Builder.create(this, "RestUrl").value(rest.api().getUrl()).description("REST API base URL").build();
        CfnOutput.Builder.create(this, "AlarmTopic").value(alarms.topic().getTopicArn())
                .description("subscribe to receive alarms").build();
        CfnOutput.Builder.create(this, "NatsUrlSecret").value(secrets.natsUrl().getSecretArn())
                .description("put the NATS URL here after the first deploy").build();
    }

    public RouteFunctions functions() {
        return functions;
    }

    public WebSocketGateway webSocket() {
        return webSocket;
    }

    public DataTables tables() {
        return tables;
    }

    /** The nested stacks: one per route concern, and the REST API's. */
    public List<NestedStack> nestedStacks() {
        return Collections.unmodifiableList(nested);
    }
}
