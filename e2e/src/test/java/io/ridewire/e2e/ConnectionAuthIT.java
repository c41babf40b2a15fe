package io.ridewire.e2e;

import io.ridewire.local.LocalStack;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.ridewire.model.identity.Role;
import io.ridewire.local.testing.TestStacks;
import io.ridewire.local.testing.WsClient;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import static io.ridewire.local.testing.WsClient.text;
import static org.assertj.core.api.Assertions.assertThat;

class ConnectionAuthIT {
    private final LocalStack stack = TestStacks.shared();
    private final JsonMapper json = stack.context().getBean(JsonMapper.class);
    private final URI ws = stack.webSocketUri();

    @Test
    void connectWithBearerHeader_receivesConnectionEstablished() {
        String user = TestStacks.uniqueId("driver");
        try (WsClient client = WsClient.connectWithHeader(ws, stack.tokens().mint(Role.DRIVER, user), json)) {
            JsonNode established = client.await("connection.established");
            assertThat(text(established, "payload.user_id")).isEqualTo(user);
            assertThat(text(established, "payload.role")).isEqualTo("driver");
            assertThat(text(established, "payload.connection_id")).hasSize(16);
            assertThat(Instant.parse(text(established, "payload.timestamp"))).isBeforeOrEqualTo(Instant.now());
            assertThat(text(established, "id")).isNotBlank();
        }
    }

    @Test
    void connectWithTokenQueryParameter_receivesConnectionEstablished() {
        String user = TestStacks.uniqueId("passenger");
        try (WsClient client = WsClient.connectWithQuery(ws, stack.tokens().mint(Role.PASSENGER, user), json)) {
            JsonNode established = client.await("connection.established");
            assertThat(text(established, "payload.user_id")).isEqualTo(user);
            assertThat(text(established, "payload.role")).isEqualTo("passenger");
        }
    }

    @Test
    void userIdClaim_standsInForSubject() {
        String user = TestStacks.uniqueId("customer");
        String token = stack.tokens().sign(new JWTClaimsSet.Builder().claim("user_id", user).claim("role", "customer")
                .expirationTime(Date.from(Instant.now().plusSeconds(600))).build());
        try (WsClient client = WsClient.connectWithHeader(ws, token, json)) {
            assertThat(text(client.await("connection.established"), "payload.user_id")).isEqualTo(user);
        }
    }

    @Test
    void missingToken_isRefusedWith401() {
        assertThat(WsClient.refusedStatus(ws, null)).isEqualTo(401);
    }

    @Test
    void garbageToken_isRefusedWith401() {
        assertThat(WsClient.refusedStatus(ws, "not-a-jwt")).isEqualTo(401);
    }

    @Test
    void unsignedAlgNoneToken_isRefusedWith401() {
        PlainJWT unsigned = new PlainJWT(new PlainHeader.Builder().type(JOSEObjectType.JWT).build(),
                valid("driver").build());
        assertThat(WsClient.refusedStatus(ws, unsigned.serialize())).isEqualTo(401);
    }

    @Test
    void tokenSignedWithAnotherKey_isRefusedWith401() throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), valid("driver").build());
        jwt.sign(new MACSigner("another-secret-another-secret-another-secret".getBytes(StandardCharsets.UTF_8)));
        assertThat(WsClient.refusedStatus(ws, jwt.serialize())).isEqualTo(401);
    }

    @Test
    void expiredToken_isRefusedWith401() {
        String token = stack.tokens().sign(valid("driver")
                .expirationTime(Date.from(Instant.now().minus(Duration.ofMinutes(5)))).build());
        assertThat(WsClient.refusedStatus(ws, token)).isEqualTo(401);
    }

    @Test
    void tokenWithoutExpiry_isRefusedWith401() {
        String token = stack.tokens().sign(valid("driver").expirationTime(null).build());
        assertThat(WsClient.refusedStatus(ws, token)).isEqualTo(401);
    }

    @Test
    void tokenWithoutRole_isRefusedWith401() {
        String token = stack.tokens().sign(valid("driver").claim("role", null).build());
        assertThat(WsClient.refusedStatus(ws, token)).isEqualTo(401);
    }

    @Test
    void tokenWithUnknownRole_isRefusedWith401() {
        String token = stack.tokens().sign(valid("pilot").build());
        assertThat(WsClient.refusedStatus(ws, token)).isEqualTo(401);
    }

    @Test
    void tokenWithoutSubject_isRefusedWith401() {
        String token = stack.tokens().sign(valid("driver").subject(null).build());
        assertThat(WsClient.refusedStatus(ws, token)).isEqualTo(401);
    }

    @Test
    void merchantTokenWithoutStore_isRefusedWith401() {
        String token = stack.tokens().sign(valid("merchant").build());
        assertThat(WsClient.refusedStatus(ws, token)).isEqualTo(401);
    }

    private static JWTClaimsSet.Builder valid(String role) {
        return new JWTClaimsSet.Builder()
                .subject(TestStacks.uniqueId("user"))
                .claim("role", role)
                .expirationTime(Date.from(Instant.now().plusSeconds(600)));
    }
}
