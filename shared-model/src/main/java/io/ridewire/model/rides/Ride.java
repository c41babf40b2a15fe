package io.ridewire.model.rides;

import io.ridewire.model.matching.Place;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * A ride: created when the driver of a confirmed match starts it at the pickup, then completed (arrival, billed)
 * or cancelled. Its id is derived from the match's, so a match has at most one ride and a retried start finds it.
 *
 * @param start           where the driver was when starting (within the start radius of the pickup)
 * @param ratePerKm       the rate the ride is billed at, fixed at start
 * @param adminFeePercent the platform's share, fixed at start
 * @param outcome         null while in progress
 */
public record Ride(
        String rideId,
        String matchId,
        String driverId,
        String passengerId,
        Place pickup,
        Place destination,
        Place start,
        long ratePerKm,
        BigDecimal adminFeePercent,
        Instant startedAt,
        RideOutcome outcome) {

    public static final String IN_PROGRESS = "in_progress";

    /** The one ride id a match can have. */
    public static String idFor(String matchId) {
        return UUID.nameUUIDFromBytes(("ride:" + matchId).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** The one payment a ride can ask for (its fare, or the fee of its cancellation: a ride ends only once). */
    public static String paymentIdFor(String rideId) {
        return UUID.nameUUIDFromBytes(("payment:" + rideId).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** {@code in_progress}, {@code completed} or {@code cancelled}. */
    public String status() {
        return outcome == null ? IN_PROGRESS : outcome.status();
    }

    public boolean inProgress() {
        return outcome == null;
    }

    public Ride ended(RideOutcome how) {
        return new Ride(rideId, matchId, driverId, passengerId, pickup, destination, start, ratePerKm,
                adminFeePercent, startedAt, how);
    }
}
