package io.ridewire.functions.rides;

import io.ridewire.model.rides.Ride;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.ridewire.functions.testing.ServiceContext;
import io.ridewire.model.geo.GeoPoint;
import io.ridewire.model.rides.Odometer.Fix;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static io.ridewire.functions.testing.Places.north;
import static io.ridewire.functions.testing.Places.spot;
import static io.ridewire.functions.testing.Places.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** A ride's odometer in Redis: believable fixes counted once, others ignored, the distance frozen at the end. */
@MicronautTest(contextBuilder = ServiceContext.Shared.class)
class RideTrackerTest {
    private static final Instant T0 = Instant.parse("2026-01-05T08:00:00Z");

    @Inject
    RideTracker tracker;

    @Test
    void fixesAlongTheRoad_areCounted_andFinishFreezesTheDistance() {
        // GIVEN a ride started at a point, its driver driving north at 10 m/s, a fix every 10 s
        Ride ride = open();
        for (int i = 1; i <= 10; i++) {
            RideTracker.Recorded recorded = tracker.record(ride.id, ride.driver, fixAt(ride.start, 0.1 * i, i * 10),
                    T0.plusSeconds(i * 10L));
            assertThat(recorded).isInstanceOf(RideTracker.Recorded.Judged.class);
        }
        // WHEN the ride ends at the last position
        RideTracker.Finished finished = tracker.finish(ride.id, north(ride.start, 1.0), 5.0, T0.plusSeconds(101))
                .orElseThrow();
        // THEN about the kilometre driven is counted, and a second finish returns the same
        assertThat(finished.metres()).isCloseTo(1000, within(60.0));
        assertThat(tracker.finish(ride.id, north(ride.start, 5.0), 5.0, T0.plusSeconds(200)))
                .get().extracting(RideTracker.Finished::metres).isEqualTo(finished.metres());
        assertThat(tracker.record(ride.id, ride.driver, fixAt(ride.start, 2, 300), T0.plusSeconds(300)))
                .as("a fix after the end").isInstanceOf(RideTracker.Recorded.Ignored.class);
    }

    @Test
    void aFixFromAnotherDriver_isIgnored_andCountsNothing() {
        Ride ride = open();

        RideTracker.Recorded recorded = tracker.record(ride.id, unique("someone-else"), fixAt(ride.start, 0.5, 60),
                T0.plusSeconds(60));

        assertThat(recorded).isInstanceOf(RideTracker.Recorded.Ignored.class);
        assertThat(tracker.read(ride.id)).get().extracting(RideTracker.State::metres).isEqualTo(0.0);
    }

    @Test
    void aJumpNoCarCouldMake_isDropped_andLogged() {
        Ride ride = open();

        tracker.record(ride.id, ride.driver, fixAt(ride.start, 30, 10), T0.plusSeconds(10)); // 30 km in 10 s

        RideTracker.State state = tracker.read(ride.id).orElseThrow();
        assertThat(state.metres()).isEqualTo(0.0);
        assertThat(state.dropped()).isNotEmpty();
        assertThat(tracker.droppedLog(ride.id)).hasSize(1);
    }

    @Test
    void forget_clearsBothPartiesActiveRide() {
        Ride ride = open();
        assertThat(tracker.activeRide(ride.driver)).contains(ride.id);
        assertThat(tracker.mayName(ride.passenger, ride.id)).isTrue();

        tracker.forget(ride.id, ride.driver, ride.passenger);

        assertThat(tracker.activeRide(ride.driver)).isEmpty();
        assertThat(tracker.activeRide(ride.passenger)).isEmpty();
    }

    private record Ride(String id, String driver, String passenger, GeoPoint start) {
    }

    private Ride open() {
        Ride ride = new Ride(unique("ride"), unique("driver"), unique("passenger"), spot());
        tracker.open(ride.id, unique("match"), ride.driver, ride.passenger, T0, ride.start, north(ride.start, 3), 3000,
                new Fix(ride.start.latitude(), ride.start.longitude(), 5.0, T0));
        return ride;
    }

    private static Fix fixAt(GeoPoint start, double kmNorth, long secondsAfterStart) {
        GeoPoint at = north(start, kmNorth);
        return new Fix(at.latitude(), at.longitude(), 5.0, T0.plus(Duration.ofSeconds(secondsAfterStart)));
    }
}
