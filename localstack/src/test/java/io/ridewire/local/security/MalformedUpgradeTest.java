package io.ridewire.local.security;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import io.ridewire.local.LocalStack;
import io.ridewire.local.gateway.GatewayListener;
import io.ridewire.local.testing.RawWebSocket;
import io.ridewire.local.testing.TestStacks;
import io.ridewire.model.identity.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An upgrade request that is not a valid WebSocket handshake (RFC 6455 §4.2.1) is refused with 400 before the
 * authorizer: no {@code $connect} runs for it, so it cannot replace the user's session.
 */
class MalformedUpgradeTest {
    private static final LocalStack stack = TestStacks.shared();
    private static final List<Map.Entry<String, APIGatewayV2WebSocketEvent>> events = new CopyOnWriteArrayList<>();
    private static final GatewayListener listener = (route, event) -> events.add(Map.entry(route, event));

    @BeforeAll
    static void listen() {
        stack.gateway().addListener(listener);
    }

    @AfterAll
    static void stopListening() {
        stack.gateway().removeListener(listener);
    }

    @Test
    void anUpgradeWithoutAKey_isRefusedWith400_andRunsNoConnect() throws IOException {
        String user = TestStacks.uniqueId("driver");
        String head = RawWebSocket.upgrade(token(user)).replaceFirst("Sec-WebSocket-Key: [^\r]*\r\n", "");
        assertRefused(head, user);
    }

    @Test
    void anUpgradeOfAnotherVersion_isRefusedWith400_namingVersion13() throws IOException {
        String user = TestStacks.uniqueId("driver");
        String head = RawWebSocket.upgrade(token(user)).replace("Sec-WebSocket-Version: 13", "Sec-WebSocket-Version: 8");
        assertThat(assertRefused(head, user)).containsIgnoringCase("Sec-WebSocket-Version: 13");
    }

    @Test
    void anUpgradeThatIsNotAGet_isRefusedWith400_andRunsNoConnect() throws IOException {
        String user = TestStacks.uniqueId("driver");
        String head = RawWebSocket.upgrade(token(user)).replaceFirst("^GET ", "POST ");
        assertRefused(head, user);
    }

    private static String token(String user) {
        return stack.tokens().mint(Role.DRIVER, user);
    }

    /** The authorizer and $connect would run before any answer, so none having run by the answer is final. */
    private static String assertRefused(String head, String user) throws IOException {
        String response;
        try (RawWebSocket socket = RawWebSocket.open(stack.gateway().port())) {
            response = socket.request(head);
        }
        assertThat(response).startsWith("HTTP/1.1 400");
        assertThat(events).noneMatch(e -> e.getKey().equals("$connect")
                && user.equals(e.getValue().getRequestContext().getAuthorizer().get("userId")));
        return response;
    }
}
