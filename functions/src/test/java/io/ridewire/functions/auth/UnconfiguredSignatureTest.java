package io.ridewire.functions.auth;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Date;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A deploy that configures neither a secret nor a JWKS URL refuses every token, unsigned ones above all. */
class UnconfiguredSignatureTest {
    @Test
    void withNoSignatureConfigured_anUnsignedAdminToken_isRefused() {
        try (ApplicationContext context = ApplicationContext.run(Map.of("ridewire.redis.uri", "redis://127.0.0.1:9"))) {
            String unsigned = new PlainJWT(new JWTClaimsSet.Builder().subject("mallory").claim("role", "admin")
                    .expirationTime(Date.from(Instant.now().plusSeconds(600))).build()).serialize();

            assertThat(context.getBean(TokenVerifier.class).verify(unsigned)).isEmpty();
        }
    }
}
