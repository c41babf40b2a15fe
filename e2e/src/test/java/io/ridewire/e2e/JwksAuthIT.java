package io.ridewire.e2e;

import io.ridewire.local.LocalStack;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.micronaut.json.JsonMapper;
import io.ridewire.local.testing.TestStacks;
import io.ridewire.local.testing.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;

import static io.ridewire.local.testing.WsClient.text;
import static org.assertj.core.api.Assertions.assertThat;

/** Production-style verification: RS256 tokens against a JWKS URL (served here on loopback). */
class JwksAuthIT {
    private static HttpServer jwks;
    private static RSAKey key;
    private static LocalStack stack;

    @BeforeAll
    static void start() throws Exception {
        key = new RSAKeyGenerator(2048).keyID("k1").generate();
        byte[] body = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        jwks.createContext("/.well-known/jwks.json", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        jwks.start();
        stack = TestStacks.start(b -> b.property("ridewire.jwt.jwks-url",
                "http://127.0.0.1:" + jwks.getAddress().getPort() + "/.well-known/jwks.json"));
    }

    @AfterAll
    static void stop() {
        stack.close();
        jwks.stop(0);
    }

    private static String rs256(RSAKey signingKey, String subject) throws Exception {
        return signed(JWSAlgorithm.RS256, signingKey, subject);
    }

    private static String signed(JWSAlgorithm algorithm, RSAKey signingKey, String subject) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(signingKey.getKeyID()).build(),
                new JWTClaimsSet.Builder().subject(subject).claim("role", "driver")
                        .expirationTime(Date.from(Instant.now().plusSeconds(300))).build());
        jwt.sign(new RSASSASigner(signingKey));
        return jwt.serialize();
    }

    @Test
    void rs256TokenSignedByAKeyOfTheJwks_isAccepted() throws Exception {
        String user = TestStacks.uniqueId("driver");
        try (WsClient client = WsClient.connectWithHeader(stack.webSocketUri(), rs256(key, user),
                stack.context().getBean(JsonMapper.class))) {
            assertThat(text(client.await("connection.established"), "payload.user_id")).isEqualTo(user);
        }
    }

    @Test
    void rs256TokenSignedByAnotherKey_isRefusedWith401() throws Exception {
        RSAKey stranger = new RSAKeyGenerator(2048).keyID("k1").generate();
        assertThat(WsClient.refusedStatus(stack.webSocketUri(), rs256(stranger, "someone"))).isEqualTo(401);
    }

    @Test
    void aTokenSignedByTheRightKeyWithAnotherAlgorithm_isRefusedWith401() throws Exception {
        // the key declares no alg: an RSA key is for RS256 only, so RS512 and PS256 with it are refused
        assertThat(WsClient.refusedStatus(stack.webSocketUri(), signed(JWSAlgorithm.RS512, key, "someone"))).isEqualTo(401);
        assertThat(WsClient.refusedStatus(stack.webSocketUri(), signed(JWSAlgorithm.PS256, key, "someone"))).isEqualTo(401);
    }
}
