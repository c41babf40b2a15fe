package io.ridewire.functions.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A deploy that names its identity provider's issuer and its own audience refuses tokens signed for another app. */
class ExpectedIssuerTest {
    private static final String SECRET = "a-test-secret-a-test-secret-a-test-secret-0123";

    @Test
    void aTokenOfTheRightKey_butForAnotherApp_isRefused() throws JOSEException {
        try (ApplicationContext context = ApplicationContext.run(Map.of("ridewire.redis.uri", "redis://127.0.0.1:9",
                "ridewire.jwt.secret", SECRET, "ridewire.jwt.issuer", "https://idp.example", "ridewire.jwt.audience", "ridewire"))) {
            TokenVerifier verifier = context.getBean(TokenVerifier.class);

            assertThat(verifier.verify(signed("https://idp.example", "ridewire"))).isPresent();
            assertThat(verifier.verify(signed("https://idp.example", "billing-app"))).isEmpty();
            assertThat(verifier.verify(signed("https://elsewhere.example", "ridewire"))).isEmpty();
        }
    }

    private static String signed(String issuer, String audience) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder().subject("u-1")
                .claim("role", "driver").issuer(issuer).audience(audience)
                .expirationTime(Date.from(Instant.now().plusSeconds(600))).build());
        jwt.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }
}
