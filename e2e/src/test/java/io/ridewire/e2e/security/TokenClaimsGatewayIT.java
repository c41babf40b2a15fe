package io.ridewire.e2e.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.micronaut.json.JsonMapper;
import io.ridewire.local.LocalStack;
import io.ridewire.local.testing.RestClient;
import io.ridewire.local.testing.TestStacks;
import io.ridewire.local.testing.WsClient;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Forged and ill-formed tokens signed with the real secret are refused the same way at the WebSocket handshake
 * (401, in the {@code Authorization} header and in {@code ?token=}) and by the REST API (401 on {@code /ws/stats},
 * which an admin may read).
 */
class TokenClaimsGatewayIT {
    private final LocalStack stack = TestStacks.shared();
    private final JsonMapper json = stack.context().getBean(JsonMapper.class);
    private final RestClient rest = new RestClient(stack.gateway().restEndpoint(), json);

    private static JWTClaimsSet.Builder admin() {
        return new JWTClaimsSet.Builder().subject(TestStacks.uniqueId("admin")).claim("role", "admin")
                .issueTime(new Date()).expirationTime(Date.from(Instant.now().plusSeconds(600)));
    }

    private void assertRefusedOnBoth(String token) {
        assertThat(WsClient.refusedStatus(stack.webSocketUri(), token)).as("header").isEqualTo(401);
        assertThat(WsClient.refusedStatus(inQuery(token), null)).as("?token=").isEqualTo(401);
        RestClient.Response stats = rest.get("/ws/stats", token);
        assertThat(stats.status()).isEqualTo(401);
        assertThat(stats.text("error")).isEqualTo("unauthorized");
    }

    @Test
    void aValidAdminToken_opensBoth() {
        String token = stack.tokens().sign(admin().build());
        assertThat(WsClient.refusedStatus(stack.webSocketUri(), token)).isEqualTo(101);
        assertThat(WsClient.refusedStatus(inQuery(token), null)).isEqualTo(101);
        assertThat(rest.get("/ws/stats", token).status()).isEqualTo(200);
    }

    /** The WebSocket URL with the token as {@code ?token=}, as browsers send it (they cannot set headers). */
    private URI inQuery(String token) {
        return URI.create(stack.webSocketUri() + "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
    }

    @Test
    void aTokenValidFromTomorrow_isRefusedOnBoth() {
        assertRefusedOnBoth(stack.tokens().sign(admin().notBeforeTime(Date.from(Instant.now().plus(Duration.ofDays(1)))).build()));
    }

    @Test
    void aTokenIssuedInTheFuture_isRefusedOnBoth() {
        assertRefusedOnBoth(stack.tokens().sign(admin().issueTime(Date.from(Instant.now().plus(Duration.ofHours(1)))).build()));
    }

    @Test
    void aNotBeforeWithinTheClockSkew_isAccepted() {
        String token = stack.tokens().sign(admin().notBeforeTime(Date.from(Instant.now().plusSeconds(5))).build());
        assertThat(rest.get("/ws/stats", token).status()).isEqualTo(200);
    }

    @Test
    void aRoleArrayHoldingAdmin_isRefusedOnBoth() {
        assertRefusedOnBoth(stack.tokens().sign(admin().claim("role", List.of("driver", "admin")).build()));
    }

    @Test
    void hs384WithTheRealSecret_isRefusedOnBoth() throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS384), admin().build());
        jwt.sign(new MACSigner(stack.options().jwtSecret().getBytes(StandardCharsets.UTF_8)));
        assertRefusedOnBoth(jwt.serialize());
    }

    @Test
    void aSubjectThatIsNoWellFormedId_isRefusedOnBoth() {
        assertRefusedOnBoth(stack.tokens().sign(admin().subject("x".repeat(300)).build()));
        assertRefusedOnBoth(stack.tokens().sign(admin().subject("admin 1\n").build()));
    }
}
