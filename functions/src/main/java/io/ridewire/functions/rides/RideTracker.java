package io.ridewire.functions.rides;

import io.ridewire.functions.location.RideMembership;
import io.ridewire.model.geo.GeoPoint;
import io.ridewire.model.rides.Odometer.Fix;
import io.ridewire.model.rides.Odometer.Step;
import io.ridewire.model.rides.Odometer;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A ride's progress between start and end: the odometer (anchor and candidate fix), metres counted, the last
 * believable position, when progress was last sent, and the fixes dropped with their reasons. Each fix is judged by
 * {@link io.ridewire.model.rides.Odometer} against the state as read and stored only if that state has not changed
 * since, so concurrent fixes never count a leg twice. Also who may name a ride in their location updates.
 * {@link RedisRideTracker} keeps it in Redis: the location hot path never touches DynamoDB.
 */
public interface RideTracker extends RideMembership {
    /**
     * A ride's state as read.
     *
     * @param metres  counted so far (a pending candidate's leg is not yet in it)
     * @param shown   the last believable position, and when it was taken
     * @param counted legs counted
     */
    record State(String rideId, String matchId, String driverId, String passengerId, boolean active, Instant startedAt,
                        GeoPoint pickup, GeoPoint destination, long ratePerKm, Odometer.State odometer,
                        double metres, long version, Instant lastProgressAt, GeoPoint shown, Instant shownAt,
                        long counted, Map<String, Long> dropped, double finalMetres, long finalCounted) {
    }

    /** What one fix did. */
    sealed interface Recorded {
        /** Judged and stored: the odometer's verdict, metres counted after it, whether progress is due now. */
        record Judged(Step step, double metres, boolean progressDue, State before) implements Recorded {
        }

        /** Not this ride's fix: unknown or ended ride, or not its driver. */
        record Ignored(String why) implements Recorded {
        }
    }

    /** What the ride travelled, once ended. */
    record Finished(double metres, long counted, Map<String, Long> dropped) {
    }

    /**
     * Starts tracking a ride from where the driver started it; both parties' active-ride pointers are set. A ride
     * tracked already keeps its state: the start's outbox entry may run again after fixes were counted.
     */
    void open(String rideId, String matchId, String driverId, String passengerId, Instant startedAt,
                     GeoPoint pickup, GeoPoint destination, long ratePerKm, Fix start);

    Optional<State> read(String rideId);

    /** Judges and records a fix the ride's driver sent; progress is due when the interval has passed since the last. */
    Recorded record(String rideId, String driverId, Fix fix, Instant now);

    /**
     * Ends the ride's progress: the pending candidate and the final position (arrival, cancellation), when given,
     * are judged by {@link Odometer#finish}; the distance is frozen and returned again on later calls. Empty when
     * Redis holds no state for the ride.
     */
    Optional<Finished> finish(String rideId, GeoPoint at, Double accuracyM, Instant now);

    /** Clears both parties' active-ride pointers (after the ride ended in DynamoDB). */
    void forget(String rideId, String driverId, String passengerId);

    /** The ride a user is in, if any. */
    Optional<String> activeRide(String userId);

    /** The dropped fixes kept for a ride, newest first: {@code epoch-ms reason lat lon accuracy}. */
    List<String> droppedLog(String rideId);
}
