package io.ridewire.infra;

import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.constructs.Construct;

/**
 * The whole Ridewire deployment in one stack: network, tables, Redis, secrets, the WebSocket API with one function
 * per catalogue route, the REST API, the bridge service and the alarms.
 */
public final class RidewireStack extends Stack {
    private final RouteFunctions functions;
    private final WebSocketGateway webSocket;
    private final RestGateway rest;
    private final DataTables tables;
    private final BridgeService bridge;
    private final Alarms alarms;

    public RidewireStack(Construct scope, String id, StackProps props, StackSettings settings) {
        super(scope, id, props);
        Network network = new Network(this, "Network", settings);
        this.tables = new DataTables(this, "Tables", settings);
        RuntimeSecrets secrets = new RuntimeSecrets(this, "Secrets", settings);
        Cache cache = new Cache(this, "Cache", settings, network, secrets);
        ApiLogging logging = new ApiLogging(this, "ApiLogging");
        this.webSocket = new WebSocketGateway(this, "WebSocket", settings, logging);
        this.functions = new RouteFunctions(this, "Functions", new RouteFunctions.Dependencies(
                settings, network, tables, cache, secrets, webSocket.stage()));
        webSocket.route(functions);
        this.rest = new RestGateway(this, "Rest", settings, functions, logging);
        this.bridge = new BridgeService(this, "Bridge", settings, network, tables, cache, secrets, webSocket);
        this.alarms = new Alarms(this, "Alarms", settings, functions, bridge);
        Suppressions.apply(functions, logging, webSocket, rest, bridge, secrets);

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
}
