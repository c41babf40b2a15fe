package io.ridewire.local;

import io.micronaut.json.JsonMapper;
import io.ridewire.model.identity.Role;
import io.ridewire.local.gateway.DisconnectRequestContext;
import io.ridewire.local.gateway.GatewayListener;
import io.ridewire.local.gateway.GatewaySettings;
import io.ridewire.local.testing.Eventually;
import io.ridewire.local.testing.StalledReader;
import io.ridewire.local.testing.TestStacks;
import io.ridewire.local.testing.WsClient;
import io.ridewire.deployment.TableCatalogue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.LimitExceededException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.ridewire.local.testing.WsClient.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The emulator under back-pressure, as API Gateway behaves: a POST answers once the frame is queued, a client that
 * stops reading fills only its own bounded buffer (then POSTs to it answer 429), and is closed with 4008 after the
 * grace, with its {@code $disconnect}; other connections never notice.
 */
class SlowConsumerTest {
    private static final int BOUND = 64 * 1024;
    private static final String FRAME = "{\"type\":\"notification.message\",\"payload\":{\"title\":\""
            + "x".repeat(16 * 1024) + "\"}}";

    private static LocalStack stack;
    private static JsonMapper json;
    private static ApiGatewayManagementApiClient sdk;

    @BeforeAll
    static void start() {
        stack = TestStacks.start(b -> b.backPressure(BOUND, Duration.ofSeconds(5)));
        json = stack.context().getBean(JsonMapper.class);
        // no retries: each call is one POST, and a POST that hangs fails the call instead of the test hanging
        sdk = ApiGatewayManagementApiClient.builder()
                .endpointOverride(stack.gateway().managementEndpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "y")))
                .overrideConfiguration(c -> c.retryPolicy(RetryPolicy.none()).apiCallTimeout(Duration.ofSeconds(10)))
                .build();
    }

    @AfterAll
    static void stop() {
        sdk.close();
        stack.close();
    }

    @Test
    void postsToAStalledReaderAnswerAtOnce_thenItIsClosedWith4008_andOthersAreUnaffected() throws Exception {
        try (WsClient healthy = WsClient.connectWithHeader(stack.webSocketUri(),
                stack.tokens().mint(Role.PASSENGER, TestStacks.uniqueId("healthy")), json);
             StalledReader stalled = StalledReader.connect(stack.webSocketUri(),
                     stack.tokens().mint(Role.PASSENGER, TestStacks.uniqueId("stalled")))) {
            String healthyId = text(healthy.await("connection.established"), "payload.connection_id");
            String welcome = stalled.readUntil("connection.established");
            String stalledId = text(json.readValue(welcome, io.micronaut.json.tree.JsonNode.class), "payload.connection_id");
            CompletableFuture<Integer> disconnectCode = new CompletableFuture<>();
            GatewayListener listener = (route, event) -> {
                if ("$disconnect".equals(route) && stalledId.equals(event.getRequestContext().getConnectionId())) {
                    disconnectCode.complete(((DisconnectRequestContext) event.getRequestContext()).getDisconnectStatusCode());
                }
            };
            stack.gateway().addListener(listener);
            try {
                // the reader reads nothing from here on: every POST still answers (a hang would time the call out)
                long accepted = 0;
                boolean refused = false;
                for (int i = 0; i < 5_000 && !refused; i++) {
                    try {
                        post(stalledId, FRAME);
                        accepted += FRAME.length();
                    } catch (LimitExceededException full) {
                        refused = true;
                    }
                }
                assertThat(refused).as("a POST over the bound answers 429 LimitExceededException").isTrue();
                assertThat(accepted).as("frames were accepted while the client read nothing").isGreaterThan(BOUND);

                // the healthy connection is served while the stalled one is over its bound
                post(healthyId, "{\"type\":\"notification.message\",\"payload\":{\"title\":\"during\"}}");
                assertThat(text(healthy.await("notification.message"), "payload.title")).isEqualTo("during");

                // events keep coming, as they do in production: once the kernel's socket buffers are full too, the
                // connection stays over its bound (a producer that stops lets the kernel drain it below the bound)
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (!disconnectCode.isDone() && System.nanoTime() < deadline) {
                    try {
                        post(stalledId, FRAME);
                    } catch (LimitExceededException | GoneException expected) {
                        // over the bound, or already closed
                    }
                    Thread.sleep(20);
                }
                assertThat(disconnectCode.get(1, TimeUnit.SECONDS)).isEqualTo(GatewaySettings.SLOW_CONSUMER_CLOSE);
                assertThatThrownBy(() -> post(stalledId, "{}")).isInstanceOf(GoneException.class);
                Eventually.until(() -> connectionRow(stalledId).isEmpty(), Duration.ofSeconds(20));
                assertThat(stalled.drainUntilEnd(Duration.ofSeconds(15))).as("the server ended the TCP connection")
                        .isIn(-1, GatewaySettings.SLOW_CONSUMER_CLOSE);

                post(healthyId, "{\"type\":\"notification.message\",\"payload\":{\"title\":\"after\"}}");
                assertThat(text(healthy.await("notification.message"), "payload.title")).isEqualTo("after");
                assertThat(healthy.isClosed()).isFalse();
                assertThat(connectionRow(healthyId)).isNotEmpty();
            } finally {
                stack.gateway().removeListener(listener);
            }
        }
    }

    @Test
    void aReaderThatCatchesUpWithinTheGraceStaysOpen_andGetsEveryAcceptedFrame() throws Exception {
        try (StalledReader slow = StalledReader.connect(stack.webSocketUri(),
                stack.tokens().mint(Role.PASSENGER, TestStacks.uniqueId("slow")))) {
            String welcome = slow.readUntil("connection.established");
            String id = text(json.readValue(welcome, io.micronaut.json.tree.JsonNode.class), "payload.connection_id");
            int accepted = 0;
            boolean refused = false;
            while (!refused && accepted < 5_000) {
                try {
                    post(id, FRAME.replace("\"title\"", "\"n\":" + accepted + ",\"title\""));
                    accepted++;
                } catch (LimitExceededException full) {
                    refused = true;
                }
            }
            assertThat(refused).isTrue();
            // reading again drains the buffer before the grace ends: every accepted frame arrives, in order
            for (int n = 0; n < accepted; n++) {
                String frame = slow.readUntil("notification.message");
                assertThat(frame).contains("\"n\":" + n + ",");
            }
            post(id, "{\"type\":\"notification.message\",\"payload\":{\"n\":-1}}");
            assertThat(slow.readUntil("notification.message")).contains("\"n\":-1");
            assertThat(connectionRow(id)).isNotEmpty();
        }
    }

    private static void post(String connectionId, String data) {
        sdk.postToConnection(b -> b.connectionId(connectionId).data(SdkBytes.fromUtf8String(data)));
    }

    private static Map<String, AttributeValue> connectionRow(String connectionId) {
        return stack.context().getBean(DynamoDbClient.class).getItem(b -> b
                .tableName(stack.options().tablePrefix() + TableCatalogue.CONNECTIONS.name()).consistentRead(true)
                .key(Map.of("connection_id", AttributeValue.fromS(connectionId)))).item();
    }
}
