package io.ridewire.e2e;

import io.ridewire.local.LocalStack;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.ridewire.model.identity.Role;
import io.ridewire.local.testing.TestStacks;
import io.ridewire.local.testing.WsClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.ridewire.local.gateway.DisconnectRequestContext;
import io.ridewire.local.gateway.GatewayListener;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.ridewire.local.testing.WsClient.text;
import static org.assertj.core.api.Assertions.assertThat;

class ProtocolIT {
    private final LocalStack stack = TestStacks.shared();
    private final JsonMapper json = stack.context().getBean(JsonMapper.class);
    private WsClient client;
    private String user;

    @BeforeEach
    void connect() {
        user = TestStacks.uniqueId("driver");
        client = WsClient.connectWithHeader(stack.webSocketUri(), stack.tokens().mint(Role.DRIVER, user), json);
        client.await("connection.established");
    }

    @AfterEach
    void disconnect() {
        client.close();
    }

    @Test
    void ping_isAnsweredWithPong_echoingTheMessageId() {
        client.send("{\"type\":\"ping\",\"id\":\"c-42\"}");
        JsonNode pong = client.await("pong");
        assertThat(text(pong, "id")).isEqualTo("c-42");
        assertThat(text(pong, "payload.timestamp")).isNotBlank();
    }

    @Test
    void pingWithoutId_getsAServerId() {
        client.send("{\"type\":\"ping\"}");
        assertThat(text(client.await("pong"), "id")).isNotBlank();
    }

    @Test
    void unknownType_isAValidationError_andTheConnectionStaysOpen() {
        client.send("{\"type\":\"teleport\",\"id\":\"c-1\",\"payload\":{}}");
        JsonNode error = client.await("error.validation");
        assertThat(text(error, "id")).isEqualTo("c-1");
        assertThat(text(error, "payload.code")).isEqualTo("UNKNOWN_EVENT");
        assertThat(text(error, "payload.field")).isEqualTo("type");
        assertThat(text(error, "payload.original_event_type")).isEqualTo("teleport");
        assertStillOpen();
    }

    @Test
    void serverEventSentByAClient_isAnUnknownEvent() {
        client.send("{\"type\":\"pong\"}");
        assertThat(text(client.await("error.validation"), "payload.code")).isEqualTo("UNKNOWN_EVENT");
        assertStillOpen();
    }

    @Test
    void nonJson_isAValidationError_andTheConnectionStaysOpen() {
        client.send("this is not json");
        JsonNode error = client.await("error.validation");
        assertThat(text(error, "payload.code")).isEqualTo("INVALID_JSON");
        assertThat(text(error, "payload.field")).isEqualTo("body");
        assertStillOpen();
    }

    @Test
    void jsonArray_isAValidationError() {
        client.send("[1,2,3]");
        assertThat(text(client.await("error.validation"), "payload.code")).isEqualTo("INVALID_JSON");
        assertStillOpen();
    }

    @Test
    void missingType_isAValidationError_namingTheField() {
        client.send("{\"id\":\"c-7\",\"payload\":{}}");
        JsonNode error = client.await("error.validation");
        assertThat(text(error, "id")).isEqualTo("c-7");
        assertThat(text(error, "payload.code")).isEqualTo("REQUIRED");
        assertThat(text(error, "payload.field")).isEqualTo("type");
        assertStillOpen();
    }

    @Test
    void typeOfTheWrongJsonType_isAValidationError() {
        client.send("{\"type\":42}");
        JsonNode error = client.await("error.validation");
        assertThat(text(error, "payload.code")).isEqualTo("INVALID_TYPE");
        assertThat(text(error, "payload.field")).isEqualTo("type");
        assertStillOpen();
    }

    @Test
    void payloadThatIsNotAnObject_isAValidationError() {
        client.send("{\"type\":\"ping\",\"payload\":\"hello\"}");
        JsonNode error = client.await("error.validation");
        assertThat(text(error, "payload.code")).isEqualTo("INVALID_TYPE");
        assertThat(text(error, "payload.field")).isEqualTo("payload");
        assertThat(text(error, "payload.original_event_type")).isEqualTo("ping");
    }

    @Test
    void messageOver128KB_closesTheConnectionWith1009() throws Exception {
        CompletableFuture<Integer> disconnectCode = new CompletableFuture<>();
        GatewayListener listener = (route, event) -> {
            if ("$disconnect".equals(route) && user.equals(event.getRequestContext().getAuthorizer().get("userId"))) {
                disconnectCode.complete(((DisconnectRequestContext) event.getRequestContext()).getDisconnectStatusCode());
            }
        };
        stack.gateway().addListener(listener);
        try {
            String big = "{\"type\":\"ping\",\"payload\":{\"pad\":\"" + "x".repeat(200 * 1024) + "\"}}";
            try {
                client.send(big);
            } catch (RuntimeException writeCutShort) {
                // the gateway may close while the client is still writing: the close code is what counts
            }
            assertThat(disconnectCode.get(10, TimeUnit.SECONDS)).as("the gateway's close code").isEqualTo(1009);
            int seen = client.awaitClose(Duration.ofSeconds(10));
            // a client still writing when the close frame arrives reports an abnormal closure (1006) instead
            assertThat(seen).as("the close code the client saw").isIn(1009, 1006);
        } finally {
            stack.gateway().removeListener(listener);
        }
    }

    private void assertStillOpen() {
        client.send("{\"type\":\"ping\",\"id\":\"still-there\"}");
        assertThat(text(client.await("pong"), "id")).isEqualTo("still-there");
        assertThat(client.isClosed()).isFalse();
    }
}
