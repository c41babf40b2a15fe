package io.ridewire.functions.deadlines;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class RetryBackoffTest {
    private final RetryBackoff backoff = RetryBackoff.startingAt(Duration.ofSeconds(1));

    @Test
    void theFirstSixtyFailuresWaitTheRetryDelay() {
        assertThat(backoff.after(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.after(60)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void furtherFailuresWaitTwiceAsLongEachTime_upToFiveMinutes() {
        assertThat(backoff.after(61)).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.after(62)).isEqualTo(Duration.ofSeconds(4));
        assertThat(backoff.after(68)).isEqualTo(Duration.ofSeconds(256));
        assertThat(backoff.after(69)).isEqualTo(Duration.ofMinutes(5));
        assertThat(backoff.after(10_000)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void aRetryDelayLongerThanTheCap_isNeverShortened() {
        assertThat(RetryBackoff.startingAt(Duration.ofMinutes(10)).after(61)).isEqualTo(Duration.ofMinutes(10));
    }
}
