package io.ridewire.e2e.security;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.ridewire.model.identity.Role;
import io.ridewire.local.LocalStack;
import io.ridewire.local.testing.Eventually;
import io.ridewire.local.testing.TestStacks;
import io.ridewire.local.testing.WsClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static io.ridewire.local.testing.WsClient.text;
import static org.assertj.core.api.Assertions.assertThat;

/** A session ends with its token unless the client refreshes it in band, through the real gateway. */
class SessionExpiryIT {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final LocalStack stack = TestStacks.shared();
    private final JsonMapper json = stack.context().getBean(JsonMapper.class);

    private WsClient connect(Role role, String user, Duration lifetime) {
        WsClient client = WsClient.connectWithHeader(stack.webSocketUri(),
                stack.tokens().mint(role, user, null, lifetime), json);
        client.await("connection.established");
        return client;
    }

    private static String refresh(String token, String id) {
        return "{\"type\":\"auth.refresh\",\"id\":\"" + id + "\",\"payload\":{\"token\":\"" + token + "\"}}";
    }

    @Test
    void atExpiry_theClientIsWarned_thenToldAuthExpired_andTheConnectionIsClosed() {
        String user = TestStacks.uniqueId("driver");
        try (WsClient client = connect(Role.DRIVER, user, Duration.ofSeconds(4))) {
            JsonNode expiring = client.await("auth.expiring", PATIENCE);
            Instant expiresAt = Instant.parse(text(expiring, "payload.expires_at"));
            JsonNode error = client.await("connection.error", PATIENCE);
            assertThat(text(error, "payload.code")).isEqualTo("AUTH_EXPIRED");
            assertThat(Instant.now()).isAfterOrEqualTo(expiresAt);
            assertThat(client.awaitClose(PATIENCE)).isEqualTo(1000);
        }
    }

    @Test
    void aCloseAtExpiryThatTheGatewayFails_isMadeAgain() {
        try (LocalStack own = TestStacks.start(b -> b)) {
            JsonMapper mapper = own.context().getBean(JsonMapper.class);
            try (WsClient client = WsClient.connectWithHeader(own.webSocketUri(),
                    own.tokens().mint(Role.DRIVER, TestStacks.uniqueId("driver"), null, Duration.ofSeconds(3)), mapper)) {
                client.await("connection.established");
                own.gateway().faults().failNextDeletes(1, 500);

                assertThat(client.awaitClose(PATIENCE)).isEqualTo(1000);
                assertThat(own.gateway().faults().pendingDeleteFailures()).as("the first close did fail").isZero();
            }
        }
    }

    @Test
    void aRefreshBeforeExpiry_extendsTheSession_andLaterMessagesAreProcessed() {
        String user = TestStacks.uniqueId("passenger");
        Instant firstExpiry = Instant.now().plusSeconds(4);
        try (WsClient client = connect(Role.PASSENGER, user, Duration.ofSeconds(4))) {
            String longer = stack.tokens().mint(Role.PASSENGER, user, null, Duration.ofMinutes(10));
            client.send(refresh(longer, "r-1"));
            JsonNode refreshed = client.await("auth.refreshed");
            assertThat(text(refreshed, "id")).isEqualTo("r-1");
            assertThat(Instant.parse(text(refreshed, "payload.expires_at"))).isAfter(Instant.now().plusSeconds(500));
            Eventually.until(() -> Instant.now().isAfter(firstExpiry.plusSeconds(2)), PATIENCE);
            client.send("{\"type\":\"ping\",\"id\":\"p-after\"}");
            assertThat(text(client.await("pong", PATIENCE), "id")).isEqualTo("p-after");
            assertThat(client.poll(m -> "connection.error".equals(text(m, "type")), Duration.ofMillis(500))).isNull();
            assertThat(client.isClosed()).isFalse();
        }
    }

    @Test
    void aRefreshForAnotherSubjectOrRole_isRefused_andTheSessionStillEndsWithItsToken() {
        String user = TestStacks.uniqueId("driver");
        try (WsClient client = connect(Role.DRIVER, user, Duration.ofSeconds(5))) {
            client.send(refresh(stack.tokens().mint(Role.DRIVER, TestStacks.uniqueId("driver"), null, Duration.ofMinutes(10)), "r-sub"));
            JsonNode otherSubject = client.await(m -> "r-sub".equals(text(m, "id")), PATIENCE, "reply to r-sub");
            assertThat(text(otherSubject, "type")).isEqualTo("connection.error");
            assertThat(text(otherSubject, "payload.code")).isEqualTo("AUTH_REFRESH_REFUSED");

            client.send(refresh(stack.tokens().mint(Role.ADMIN, user, null, Duration.ofMinutes(10)), "r-role"));
            JsonNode otherRole = client.await(m -> "r-role".equals(text(m, "id")), PATIENCE, "reply to r-role");
            assertThat(text(otherRole, "payload.code")).isEqualTo("AUTH_REFRESH_REFUSED");

            client.send(refresh("not-a-jwt", "r-bad"));
            JsonNode bad = client.await(m -> "r-bad".equals(text(m, "id")), PATIENCE, "reply to r-bad");
            assertThat(text(bad, "payload.code")).isEqualTo("AUTH_REFRESH_REFUSED");

            JsonNode expired = client.await(m -> "AUTH_EXPIRED".equals(text(m, "payload.code")), PATIENCE, "AUTH_EXPIRED");
            assertThat(text(expired, "type")).isEqualTo("connection.error");
            assertThat(client.awaitClose(PATIENCE)).isEqualTo(1000);
        }
    }
}
