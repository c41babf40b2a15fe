package io.ridewire.local;

import io.micronaut.json.JsonMapper;
import io.ridewire.model.identity.Role;
import io.ridewire.local.gateway.GatewayListener;
import io.ridewire.local.testing.TestStacks;
import io.ridewire.local.testing.WsClient;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GetConnectionResponse;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.ridewire.local.testing.WsClient.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The official AWS SDK management API client against the emulator. */
class ManagementApiTest {
    private final LocalStack stack = TestStacks.shared();
    private final JsonMapper json = stack.context().getBean(JsonMapper.class);
    private final ApiGatewayManagementApiClient sdk = ApiGatewayManagementApiClient.builder()
            .endpointOverride(stack.gateway().managementEndpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "y")))
            .build();

    @Test
    void getConnection_describesIt() {
        Instant before = Instant.now().minusSeconds(1);
        String user = TestStacks.uniqueId("driver");
        WsClient probe = WsClient.connectWithHeader(stack.webSocketUri(), stack.tokens().mint(Role.DRIVER, user), json);
        try (probe) {
            String id = text(probe.await("connection.established"), "payload.connection_id");
            GetConnectionResponse connection = sdk.getConnection(b -> b.connectionId(id));
            assertThat(connection.connectedAt()).isAfter(before).isBeforeOrEqualTo(Instant.now());
            assertThat(connection.identity().sourceIp()).isEqualTo("127.0.0.1");
            assertThat(connection.lastActiveAt()).isAfterOrEqualTo(connection.connectedAt());
        }
    }

    @Test
    void postToConnection_deliversTheData() {
        try (WsClient client = WsClient.connectWithHeader(stack.webSocketUri(),
                stack.tokens().mint(Role.DRIVER, TestStacks.uniqueId("driver")), json)) {
            String id = text(client.await("connection.established"), "payload.connection_id");
            sdk.postToConnection(b -> b.connectionId(id).data(SdkBytes.fromUtf8String(
                    "{\"type\":\"notification.message\",\"id\":\"n1\",\"payload\":{\"title\":\"hi\"}}")));
            assertThat(text(client.await("notification.message"), "payload.title")).isEqualTo("hi");
        }
    }

    @Test
    void deleteConnection_closesItWith1000_andDisconnectSeesTheCode() throws Exception {
        CompletableFuture<Integer> disconnectCode = new CompletableFuture<>();
        WsClient client = WsClient.connectWithHeader(stack.webSocketUri(),
                stack.tokens().mint(Role.DRIVER, TestStacks.uniqueId("driver")), json);
        String id = text(client.await("connection.established"), "payload.connection_id");
        GatewayListener listener = (route, event) -> {
            if ("$disconnect".equals(route) && id.equals(event.getRequestContext().getConnectionId())) {
                disconnectCode.complete(((io.ridewire.local.gateway.DisconnectRequestContext) event.getRequestContext())
                        .getDisconnectStatusCode());
            }
        };
        stack.gateway().addListener(listener);
        try {
            sdk.deleteConnection(b -> b.connectionId(id));
            assertThat(client.awaitClose(Duration.ofSeconds(10))).isEqualTo(1000);
            assertThat(disconnectCode.get(10, TimeUnit.SECONDS)).isEqualTo(1000);
            assertThatThrownBy(() -> sdk.getConnection(b -> b.connectionId(id))).isInstanceOf(GoneException.class);
        } finally {
            stack.gateway().removeListener(listener);
        }
    }

    @Test
    void unknownConnection_isGone() {
        assertThatThrownBy(() -> sdk.postToConnection(b -> b.connectionId("Zm9vYmFyYmF6cXV4=")
                .data(SdkBytes.fromUtf8String("{}")))).isInstanceOf(GoneException.class);
        assertThatThrownBy(() -> sdk.getConnection(b -> b.connectionId("Zm9vYmFyYmF6cXV4=")))
                .isInstanceOf(GoneException.class);
        assertThatThrownBy(() -> sdk.deleteConnection(b -> b.connectionId("Zm9vYmFyYmF6cXV4=")))
                .isInstanceOf(GoneException.class);
    }

    @Test
    void postBeforeConnectHasReturned_isGone_yetConnectionEstablishedStillArrives() throws Exception {
        CompletableFuture<Throwable> earlyPost = new CompletableFuture<>();
        GatewayListener listener = (route, event) -> {
            if ("$connect".equals(route)) {
                try {
                    sdk.postToConnection(b -> b.connectionId(event.getRequestContext().getConnectionId())
                            .data(SdkBytes.fromUtf8String("{}")));
                    earlyPost.complete(null);
                } catch (RuntimeException e) {
                    earlyPost.complete(e);
                }
            }
        };
        stack.gateway().addListener(listener);
        try (WsClient client = WsClient.connectWithHeader(stack.webSocketUri(),
                stack.tokens().mint(Role.DRIVER, TestStacks.uniqueId("driver")), json)) {
            assertThat(earlyPost.get(10, TimeUnit.SECONDS)).isInstanceOf(GoneException.class);
            client.await("connection.established");
        } finally {
            stack.gateway().removeListener(listener);
        }
    }
}
