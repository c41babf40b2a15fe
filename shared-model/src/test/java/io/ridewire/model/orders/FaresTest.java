package io.ridewire.model.orders;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class FaresTest {

    @Test
    void distance_isTheGreatCircle() {
        // one degree of latitude is about 111.2 km
        assertThat(Fares.distanceKm(new Place(0, 0, null), new Place(1, 0, null))).isCloseTo(111.2, within(0.1));
    }

    @Test
    void fare_isDistanceRoundedToATenthTimesTheRate_neverBelowTheMinimum() {
        Place pickup = new Place(-6.2, 106.8, null);
        Place drop = new Place(-6.2 + 3.2 / 111.195, 106.8, null);
        assertThat(Fares.fare(pickup, drop, 3000, 5000)).isEqualTo(9600);
        assertThat(Fares.fare(pickup, pickup, 3000, 5000)).isEqualTo(5000);
    }
}
