package io.ridewire.model.identity;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CallerTest {

    @Test
    void authorizerContext_roundTrips() {
        Caller merchant = new Caller("m-1", Role.MERCHANT, "store-9");
        assertThat(Caller.fromAuthorizerContext(merchant.toAuthorizerContext())).contains(merchant);
        Caller driver = new Caller("d-1", Role.DRIVER, null);
        assertThat(driver.toAuthorizerContext()).doesNotContainKey(Caller.STORE_ID);
        assertThat(Caller.fromAuthorizerContext(driver.toAuthorizerContext())).contains(driver);
    }

    @Test
    void contextWithoutIdentity_yieldsNoCaller() {
        assertThat(Caller.fromAuthorizerContext(null)).isEmpty();
        assertThat(Caller.fromAuthorizerContext(Map.of("userId", "u"))).isEmpty();
        assertThat(Caller.fromAuthorizerContext(Map.of("userId", "", "role", "driver"))).isEmpty();
        assertThat(Caller.fromAuthorizerContext(Map.of("userId", "u", "role", "pilot"))).isEmpty();
    }
}
