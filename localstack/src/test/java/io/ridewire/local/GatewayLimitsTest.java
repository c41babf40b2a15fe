package io.ridewire.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import io.micronaut.json.JsonMapper;
import io.ridewire.model.identity.Role;
import io.ridewire.local.gateway.DisconnectRequestContext;
import io.ridewire.local.testing.Eventually;
import io.ridewire.local.testing.TestStacks;
import io.ridewire.local.testing.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** Idle timeout, maximum lifetime and the event shapes the emulator hands the handlers. */
class GatewayLimitsTest {
    private static LocalStack stack;
    private static JsonMapper json;
    private static final List<Map.Entry<String, APIGatewayV2WebSocketEvent>> events = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        stack = TestStacks.start(b -> b.timeouts(Duration.ofMillis(1500), Duration.ofSeconds(4)));
        json = stack.context().getBean(JsonMapper.class);
        stack.gateway().addListener((route, event) -> events.add(Map.entry(route, event)));
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    private WsClient connect(String user) {
        WsClient client = WsClient.connectWithHeader(stack.webSocketUri(), stack.tokens().mint(Role.DRIVER, user), json);
        client.await("connection.established");
        return client;
    }

    @Test
    void anIdleConnectionIsClosedWith1001() {
        WsClient client = connect(TestStacks.uniqueId("driver"));
        assertThat(client.awaitClose(Duration.ofSeconds(10))).isEqualTo(1001);
    }

    @Test
    void aBusyConnectionIsClosedAtItsMaximumLifetime() throws InterruptedException {
        WsClient client = connect(TestStacks.uniqueId("driver"));
        long started = System.nanoTime();
        while (!client.isClosed() && System.nanoTime() - started < Duration.ofSeconds(10).toNanos()) {
            client.send("{\"type\":\"ping\"}");
            Thread.sleep(500);
        }
        assertThat(client.awaitClose(Duration.ofSeconds(1))).isEqualTo(1001);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(3500));
    }

    @Test
    void eventsHaveApiGatewaysShape() {
        String user = TestStacks.uniqueId("driver");
        WsClient client = connect(user);
        client.send("{\"type\":\"ping\",\"id\":\"shape\"}");
        client.await("pong");
        client.close();
        Eventually.until(() -> events.stream().anyMatch(e -> e.getKey().equals("$disconnect")
                && user.equals(e.getValue().getRequestContext().getAuthorizer().get("userId"))));

        APIGatewayV2WebSocketEvent connect = find("$connect", user);
        var context = connect.getRequestContext();
        assertThat(context.getEventType()).isEqualTo("CONNECT");
        assertThat(context.getRouteKey()).isEqualTo("$connect");
        assertThat(context.getConnectionId()).hasSize(16);
        assertThat(context.getConnectedAt()).isPositive();
        assertThat(context.getRequestTimeEpoch()).isGreaterThanOrEqualTo(context.getConnectedAt());
        assertThat(context.getDomainName()).isEqualTo("127.0.0.1:" + stack.gateway().port());
        assertThat(context.getStage()).isEqualTo("local");
        assertThat(context.getApiId()).isNotBlank();
        assertThat(context.getIdentity().getSourceIp()).isEqualTo("127.0.0.1");
        assertThat(context.getAuthorizer()).containsEntry("userId", user).containsEntry("role", "driver")
                .containsEntry("principalId", user);
        assertThat(connect.getHeaders()).containsKey("Authorization");

        APIGatewayV2WebSocketEvent message = find("ping", user);
        assertThat(message.getRequestContext().getEventType()).isEqualTo("MESSAGE");
        assertThat(message.getRequestContext().getMessageId()).isNotBlank();
        assertThat(message.getRequestContext().getConnectionId()).isEqualTo(context.getConnectionId());
        assertThat(message.getBody()).contains("\"shape\"");

        APIGatewayV2WebSocketEvent disconnect = find("$disconnect", user);
        assertThat(disconnect.getRequestContext().getEventType()).isEqualTo("DISCONNECT");
        DisconnectRequestContext closing = (DisconnectRequestContext) disconnect.getRequestContext();
        assertThat(closing.getDisconnectStatusCode()).isEqualTo(1000);
        assertThat(closing.getDisconnectReason()).isEqualTo("bye");
    }

    private static APIGatewayV2WebSocketEvent find(String route, String user) {
        return events.stream()
                .filter(e -> e.getKey().equals(route)
                        && user.equals(e.getValue().getRequestContext().getAuthorizer().get("userId")))
                .map(Map.Entry::getValue)
                .findFirst().orElseThrow(() -> new AssertionError("no " + route + " event for " + user));
    }
}
