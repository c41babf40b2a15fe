package io.ridewire.auth;

import com.nimbusds.jwt.JWTClaimsSet;
import io.ridewire.identity.Caller;
import io.ridewire.identity.Role;
import org.junit.jupiter.api.Test;

import java.text.ParseException;
import java.util.Date;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TokenClaimsTest {
    private static JWTClaimsSet.Builder valid() {
        return new JWTClaimsSet.Builder().subject("u-1").claim("role", "driver")
                .expirationTime(new Date(System.currentTimeMillis() + 60_000));
    }

    @Test
    void aValidTokenNamesTheCaller() throws ParseException {
        assertThat(TokenVerifier.callerOf(valid().build())).contains(new Caller("u-1", Role.DRIVER, null));
    }

    @Test
    void userIdStandsInForSub_andStoreIdOnlyCountsForMerchants() throws ParseException {
        assertThat(TokenVerifier.callerOf(valid().subject(null).claim("user_id", "u-2").claim("store_id", "s").build()))
                .contains(new Caller("u-2", Role.DRIVER, null));
        assertThat(TokenVerifier.callerOf(valid().claim("role", "merchant").claim("store_id", 17).build()))
                .contains(new Caller("u-1", Role.MERCHANT, "17"));
    }

    @Test
    void tokensMissingWhatRidewireNeeds_nameNoCaller() throws ParseException {
        assertThat(TokenVerifier.callerOf(valid().expirationTime(null).build())).isEmpty();
        assertThat(TokenVerifier.callerOf(valid().subject(null).build())).isEmpty();
        assertThat(TokenVerifier.callerOf(valid().claim("role", null).build())).isEmpty();
        assertThat(TokenVerifier.callerOf(valid().claim("role", "root").build())).isEmpty();
        assertThat(TokenVerifier.callerOf(valid().claim("role", "merchant").build())).isEmpty();
    }

    @Test
    void bearerToken_comesFromTheHeaderFirst_thenTheQuery() {
        assertThat(BearerToken.of(Map.of("authorization", "Bearer abc"), Map.of("token", "q"))).isEqualTo("abc");
        assertThat(BearerToken.of(Map.of("Authorization", "bearer   xyz "), null)).isEqualTo("xyz");
        assertThat(BearerToken.of(Map.of("Authorization", "Basic Zm9v"), Map.of("token", "q"))).isEqualTo("q");
        assertThat(BearerToken.of(null, null)).isNull();
    }
}
