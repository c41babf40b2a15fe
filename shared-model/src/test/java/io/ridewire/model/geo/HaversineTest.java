package io.ridewire.model.geo;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class HaversineTest {

    @Test
    void samePoint_isZero() {
        assertThat(Haversine.distanceKm(GeoPoint.of(-6.2, 106.8), GeoPoint.of(-6.2, 106.8))).isZero();
    }

    @Test
    void oneDegreeOfLatitude_isAbout111Km() {
        assertThat(Haversine.distanceKm(0, 0, 1, 0)).isCloseTo(111.195, within(0.01));
    }

    @Test
    void specPickupToDestination_isAbout2point13Km() {
        // Jl. Sudirman (-6.2088, 106.8456) to Jl. Thamrin (-6.2200, 106.8300), straight line
        assertThat(GeoPoint.of(-6.2088, 106.8456).distanceKmTo(GeoPoint.of(-6.2200, 106.8300)))
                .isCloseTo(2.13, within(0.01));
    }

    @Test
    void londonToParis_matchesTheReferenceDistance() {
        assertThat(Haversine.distanceKm(51.5074, -0.1278, 48.8566, 2.3522)).isCloseTo(343.5, within(0.5));
    }

    @Test
    void antipodes_areHalfTheCircumference() {
        assertThat(Haversine.distanceKm(0, 0, 0, 180)).isCloseTo(Math.PI * Haversine.EARTH_RADIUS_KM, within(1e-6));
    }

    @Test
    void isSymmetric() {
        GeoPoint a = GeoPoint.of(-6.1, 106.7);
        GeoPoint b = GeoPoint.of(-6.3, 106.9);
        assertThat(a.distanceKmTo(b)).isEqualTo(b.distanceKmTo(a));
    }

    @Test
    void pointOutOfRange_isRefused() {
        assertThatThrownBy(() -> GeoPoint.of(91, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GeoPoint.of(0, -181)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GeoPoint.of(Double.NaN, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
