package io.ridewire.functions.presence;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RowLifetimeTest {
    private static final Instant CONNECTED = Instant.parse("2026-12-01T06:00:00Z");
    private final RowLifetime lifetime = new RowLifetime(Duration.ofMinutes(135));

    @Test
    void rowsExpireTheirTtlAfterTheConnectionOpened_notAfterTheWrite() {
        assertThat(lifetime.expiresAt(CONNECTED)).isEqualTo(Instant.parse("2026-12-01T08:15:00Z").getEpochSecond());
    }

    @Test
    void aRowIsLiveUntilItsExpirySecond_andNotAtIt() {
        long expires = lifetime.expiresAt(CONNECTED);
        assertThat(RowLifetime.isLive(expires, Instant.ofEpochSecond(expires - 1))).isTrue();
        assertThat(RowLifetime.isLive(expires, Instant.ofEpochSecond(expires))).isFalse();
        assertThat(RowLifetime.isLive(expires, Instant.ofEpochSecond(expires + 3600))).isFalse();
    }

    @Test
    void aRowWithoutTtl_neverExpires() {
        assertThat(RowLifetime.isLive(0, Instant.MAX)).isTrue();
    }

    @Test
    void aTtlThatIsNotPositive_isRefusedWithTheSettingsName() {
        assertThatThrownBy(() -> new RowLifetime(Duration.ZERO)).hasMessageContaining("row-ttl");
        assertThatThrownBy(() -> new RowLifetime(Duration.ofMinutes(-1))).hasMessageContaining("row-ttl");
    }
}
