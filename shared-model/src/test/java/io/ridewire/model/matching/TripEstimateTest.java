package io.ridewire.model.matching;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;

class TripEstimateTest {

    @Test
    void specExample_3point2KmAt3000PerKm_is9600() {
        TripEstimate estimate = TripEstimate.of(new BigDecimal("3.2"), 12.8, 3000);
        assertThat(estimate.fare()).isEqualTo(9600);
        assertThat(estimate.durationMinutes()).isEqualTo(15);
        assertThat(estimate.distanceKm()).isEqualTo(3.2);
    }

    @Test
    void fareIsRoundedHalfUpToWholeRupiah() {
        assertThat(TripEstimate.of(new BigDecimal("0.0005"), 20, 3000).fare()).isEqualTo(2); // 1.5 → 2
        assertThat(TripEstimate.of(new BigDecimal("0.0001"), 20, 3000).fare()).isZero(); // 0.3 → 0
    }

    @Test
    void fromPlaces_usesTheStraightLineDistanceToTheHundredthOfAKm() {
        Place pickup = new Place(-6.2088, 106.8456, "Jl. Sudirman No. 1, Jakarta");
        Place destination = new Place(-6.2200, 106.8300, "Jl. Thamrin No. 10, Jakarta");
        TripEstimate estimate = TripEstimate.of(pickup, destination, 20, 3000);
        assertThat(estimate.distanceKm()).isEqualTo(2.13);
        assertThat(estimate.fare()).isEqualTo(6390);
        assertThat(estimate.durationMinutes()).isEqualTo(7); // 6.39 min
    }
}
