package io.ridewire.functions.auth;

import com.nimbusds.jwt.JWTClaimsSet;
import io.ridewire.model.identity.Caller;
import io.ridewire.model.identity.Role;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class TokenClaimsTest {
    private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");
    private static final Duration SKEW = Duration.ofSeconds(30);

    private static JWTClaimsSet.Builder valid() {
        return new JWTClaimsSet.Builder().subject("u-1").claim("role", "driver")
                .expirationTime(Date.from(NOW.plusSeconds(60)));
    }

    private static TokenRules.Verdict check(JWTClaimsSet.Builder claims) {
        return TokenRules.check(claims.build().getClaims(), NOW, TokenRules.Expected.skewOnly(SKEW));
    }

    @Test
    void aValidToken_namesTheCallerAndItsExpiry() {
        assertThat(check(valid())).isEqualTo(new TokenRules.Accepted(new Caller("u-1", Role.DRIVER, null), NOW.plusSeconds(60)));
    }

    @Test
    void userIdStandsInForSub_andStoreIdOnlyCountsForMerchants() {
        assertThat(check(valid().subject(null).claim("user_id", "u-2").claim("store_id", "s")))
                .isEqualTo(new TokenRules.Accepted(new Caller("u-2", Role.DRIVER, null), NOW.plusSeconds(60)));
        assertThat(check(valid().claim("role", "merchant").claim("store_id", "store-17")))
                .isEqualTo(new TokenRules.Accepted(new Caller("u-1", Role.MERCHANT, "store-17"), NOW.plusSeconds(60)));
    }

    @Test
    void notBeforeAndIssuedAt_mayLieAheadByTheSkewOnly() {
        assertThat(check(valid().notBeforeTime(Date.from(NOW.plusSeconds(29))).issueTime(Date.from(NOW.plusSeconds(29)))))
                .isInstanceOf(TokenRules.Accepted.class);
        assertThat(check(valid().notBeforeTime(Date.from(NOW.plus(Duration.ofDays(1))))))
                .isEqualTo(new TokenRules.Refused("nbf in the future"));
        assertThat(check(valid().issueTime(Date.from(NOW.plusSeconds(31)))))
                .isEqualTo(new TokenRules.Refused("iat in the future"));
    }

    @Test
    void anIssuerAndAudienceSet_mustBeThere_whileUnsetTheyAreNotLookedAt() {
        TokenRules.Expected expected = new TokenRules.Expected(SKEW, Optional.of("https://idp.example"), Optional.of("ridewire"));
        JWTClaimsSet ours = valid().issuer("https://idp.example").audience(List.of("other-app", "ridewire")).build();

        assertThat(TokenRules.check(ours.getClaims(), NOW, expected)).isInstanceOf(TokenRules.Accepted.class);
        assertThat(TokenRules.check(Map.of("sub", "u-1", "role", "driver", "exp", NOW.plusSeconds(60).getEpochSecond(),
                "iss", "https://idp.example", "aud", "ridewire"), NOW, expected)).isInstanceOf(TokenRules.Accepted.class);
        assertThat(TokenRules.check(valid().issuer("https://other.example").audience("ridewire").build().getClaims(), NOW, expected))
                .isEqualTo(new TokenRules.Refused("issuer is not https://idp.example"));
        assertThat(TokenRules.check(valid().issuer("https://idp.example").audience("other-app").build().getClaims(), NOW, expected))
                .isEqualTo(new TokenRules.Refused("audience does not hold ridewire"));
        assertThat(TokenRules.check(valid().issuer("https://idp.example").build().getClaims(), NOW, expected))
                .isInstanceOf(TokenRules.Refused.class);
        assertThat(check(valid().issuer("https://anyone.example").audience("any"))).isInstanceOf(TokenRules.Accepted.class);
    }

    @Test
    void tokensMissingWhatRidewireNeeds_nameNoCaller() {
        assertThat(check(valid().expirationTime(null))).isInstanceOf(TokenRules.Refused.class);
        assertThat(check(valid().expirationTime(Date.from(NOW)))).isInstanceOf(TokenRules.Refused.class);
        assertThat(check(valid().subject(null))).isInstanceOf(TokenRules.Refused.class);
        assertThat(check(valid().subject("x".repeat(129)))).isInstanceOf(TokenRules.Refused.class);
        assertThat(check(valid().subject("a b"))).isInstanceOf(TokenRules.Refused.class);
        assertThat(check(valid().claim("role", null))).isInstanceOf(TokenRules.Refused.class);
        assertThat(check(valid().claim("role", "root"))).isInstanceOf(TokenRules.Refused.class);
        assertThat(check(valid().claim("role", "merchant"))).isInstanceOf(TokenRules.Refused.class);
        assertThat(check(valid().claim("role", "merchant").claim("store_id", 17))).isInstanceOf(TokenRules.Refused.class);
    }

    @Test
    void aRoleArray_isNoRole_evenWhenItHoldsKnownRoles() {
        assertThat(check(valid().claim("role", List.of("driver", "admin")))).isEqualTo(new TokenRules.Refused("role is not one known role"));
        assertThat(TokenRules.callerOf(Map.of("sub", "u-1", "role", List.of("admin")))).isEmpty();
        assertThat(TokenRules.callerOf(Map.of("sub", "u-1", "role", "admin"))).contains(new Caller("u-1", Role.ADMIN, null));
    }

    @Test
    void bearerToken_comesFromTheHeaderFirst_thenTheQuery() {
        assertThat(BearerToken.of(Map.of("authorization", "Bearer abc"), Map.of("token", "q"))).isEqualTo("abc");
        assertThat(BearerToken.of(Map.of("Authorization", "bearer   xyz "), null)).isEqualTo("xyz");
        assertThat(BearerToken.of(Map.of("Authorization", "Basic Zm9v"), Map.of("token", "q"))).isEqualTo("q");
        assertThat(BearerToken.of(null, null)).isNull();
    }
}
