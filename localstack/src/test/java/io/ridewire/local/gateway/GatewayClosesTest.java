package io.ridewire.local.gateway;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import io.micronaut.json.JsonMapper;
import io.ridewire.local.LocalStack;
import io.ridewire.local.testing.Eventually;
import io.ridewire.local.testing.RawWebSocket;
import io.ridewire.local.testing.TestStacks;
import io.ridewire.local.testing.WsClient;
import io.ridewire.model.identity.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** How a connection ends, what its {@code $disconnect} reports, and what the gateway keeps of it afterwards. */
class GatewayClosesTest {
    private static final LocalStack stack = TestStacks.shared();
    private static final List<Map.Entry<String, APIGatewayV2WebSocketEvent>> events = new CopyOnWriteArrayList<>();
    private static final GatewayListener listener = (route, event) -> events.add(Map.entry(route, event));
    private static JsonMapper json;

    @BeforeAll
    static void listen() {
        json = stack.context().getBean(JsonMapper.class);
        stack.gateway().addListener(listener);
    }

    @AfterAll
    static void stopListening() {
        stack.gateway().removeListener(listener);
    }

    @Test
    void aBinaryFrame_closesTheConnectionWith1003_andInvokesNoRoute() {
        String user = TestStacks.uniqueId("driver");
        try (WsClient client = connect(user)) {
            client.sendBinary(new byte[] {1, 2, 3});
            assertThat(client.awaitClose(Duration.ofSeconds(10))).isEqualTo(1003);
        }
        assertThat(disconnect(user).getDisconnectStatusCode()).isEqualTo(1003);
        assertThat(events).noneMatch(e -> "MESSAGE".equals(e.getValue().getRequestContext().getEventType())
                && user.equals(e.getValue().getRequestContext().getAuthorizer().get("userId")));
    }

    @Test
    void aClosedConnection_isNotRetainedByTheGateway() {
        String user = TestStacks.uniqueId("driver");
        WeakReference<LocalConnection> connection;
        try (WsClient client = connect(user)) {
            connection = tracked(user);
        }
        disconnect(user);
        // its 2 h lifetime timer must not keep the connection, its channel and authorizer context that long
        Eventually.until(() -> {
            System.gc();
            return connection.get() == null;
        }, Duration.ofSeconds(30));
    }

    @Test
    void aConnectionResetByTheClient_disconnectsWith1006() throws IOException {
        String user = TestStacks.uniqueId("driver");
        RawWebSocket socket = RawWebSocket.open(stack.gateway().port());
        assertThat(socket.request(RawWebSocket.upgrade(stack.tokens().mint(Role.DRIVER, user)))).startsWith("HTTP/1.1 101");
        socket.reset();
        assertThat(disconnect(user).getDisconnectStatusCode()).isEqualTo(1006);
    }

    private static WsClient connect(String user) {
        WsClient client = WsClient.connectWithHeader(stack.webSocketUri(), stack.tokens().mint(Role.DRIVER, user), json);
        client.await("connection.established");
        return client;
    }

    /** Held weakly, and in a frame of its own, so that the test itself keeps nothing of the connection. */
    private static WeakReference<LocalConnection> tracked(String user) {
        return new WeakReference<>(stack.gateway().connections().values().stream()
                .filter(c -> user.equals(c.authorizer.get("userId")))
                .findFirst().orElseThrow());
    }

    /** The request context of the user's {@code $disconnect}, once it has run. */
    private static DisconnectRequestContext disconnect(String user) {
        Eventually.until(() -> find("$disconnect", user) != null);
        return (DisconnectRequestContext) find("$disconnect", user).getRequestContext();
    }

    private static APIGatewayV2WebSocketEvent find(String route, String user) {
        return events.stream()
                .filter(e -> e.getKey().equals(route)
                        && user.equals(e.getValue().getRequestContext().getAuthorizer().get("userId")))
                .map(Map.Entry::getValue)
                .findFirst().orElse(null);
    }
}
