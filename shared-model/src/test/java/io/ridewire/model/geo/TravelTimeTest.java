package io.ridewire.model.geo;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TravelTimeTest {

    @Test
    void roundsUpToWholeMinutes() {
        assertThat(TravelTime.minutes(0.5, 20)).isEqualTo(2); // 1.5 min
        assertThat(TravelTime.minutes(3.2, 12.8)).isEqualTo(15); // the spec's 3.2 km in 15 min
    }

    @Test
    void exactMultiples_areNotRoundedUp() {
        assertThat(TravelTime.minutes(1.0, 60)).isEqualTo(1);
        assertThat(TravelTime.minutes(5.0, 20)).isEqualTo(15);
    }

    @Test
    void noDistance_isNoTime() {
        assertThat(TravelTime.minutes(0, 20)).isZero();
    }

    @Test
    void nonPositiveSpeed_isRefused() {
        assertThatThrownBy(() -> TravelTime.minutes(1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
