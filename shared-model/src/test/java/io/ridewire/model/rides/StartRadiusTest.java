package io.ridewire.model.rides;

import io.ridewire.model.geo.GeoPoint;
import io.ridewire.model.geo.Haversine;
import io.ridewire.model.location.ReportedFix;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Starting a ride at the pickup: the claimed position, and the last reported one while recent, within its accuracy. */
class StartRadiusTest {
    private static final Instant NOW = Instant.parse("2025-01-08T10:00:00Z");
    private static final GeoPoint PICKUP = GeoPoint.of(-6.2088, 106.8456);
    private static final StartRadius.Limits LIMITS = new StartRadius.Limits(100, Duration.ofSeconds(60), 20, 100);

    private static GeoPoint north(double metres) {
        return GeoPoint.of(PICKUP.latitude() + metres / (Haversine.EARTH_RADIUS_KM * 1000 * Math.PI / 180),
                PICKUP.longitude());
    }

    private static ReportedFix fix(double metresNorth, Double accuracy, int secondsAgo) {
        return new ReportedFix(north(metresNorth), accuracy, NOW.minusSeconds(secondsAgo));
    }

    @Test
    void aClaimWithinTheRadius_withoutAnyLastFix_starts() {
        assertThat(StartRadius.refusal(PICKUP, north(99), null, NOW, LIMITS)).isEmpty();
    }

    @Test
    void aClaimBeyondTheRadius_isRefused_whateverTheLastFix() {
        assertThat(StartRadius.refusal(PICKUP, north(101), fix(0, 5.0, 1), NOW, LIMITS))
                .hasValueSatisfying(why -> assertThat(why).contains("101 m from the pickup"));
    }

    @Test
    void aRecentLastFixFarAway_refusesAClaimedPickup() {
        assertThat(StartRadius.refusal(PICKUP, PICKUP, fix(600, 5.0, 10), NOW, LIMITS))
                .hasValueSatisfying(why -> assertThat(why).contains("last reported position, 10 s ago, is 600 m"));
    }

    @Test
    void aLastFixBeyondTheRadius_butWithinItsAccuracy_starts() {
        assertThat(StartRadius.refusal(PICKUP, PICKUP, fix(180, 90.0, 5), NOW, LIMITS)).isEmpty();
        assertThat(StartRadius.refusal(PICKUP, PICKUP, fix(200, 90.0, 5), NOW, LIMITS)).isPresent();
    }

    @Test
    void aLastFixWithoutAccuracy_isGivenTheDefault_andAHugeAccuracyIsCapped() {
        assertThat(StartRadius.refusal(PICKUP, PICKUP, fix(115, null, 5), NOW, LIMITS)).isEmpty();
        assertThat(StartRadius.refusal(PICKUP, PICKUP, fix(125, null, 5), NOW, LIMITS)).isPresent();
        assertThat(StartRadius.refusal(PICKUP, PICKUP, fix(250, 5000.0, 5), NOW, LIMITS))
                .as("± 5 km proves nothing: capped at 100 m").isPresent();
    }

    @Test
    void aLastFixOlderThanTheMaxAge_isNotHeldAgainstTheClaim() {
        assertThat(StartRadius.refusal(PICKUP, PICKUP, fix(600, 5.0, 61), NOW, LIMITS)).isEmpty();
        assertThat(StartRadius.refusal(PICKUP, PICKUP, fix(600, 5.0, 59), NOW, LIMITS)).isPresent();
    }
}
