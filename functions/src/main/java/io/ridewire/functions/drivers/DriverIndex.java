package io.ridewire.functions.drivers;

import io.ridewire.functions.drivers.DriverPosition;
import io.ridewire.model.geo.GeoPoint;
import io.ridewire.model.location.ReportedFix;
import io.ridewire.model.matching.DriverOffer;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one index of drivers: each driver's record (profile, last position, connection, booking state) and the
 * drivers each flow may offer work to, searchable by distance. Two pools, because the flows' rules differ:
 * <ul>
 *   <li>rides: active (beacon on) and free — a proposal claims a driver out of it in one step, so no two matches
 *       can claim the same driver;</li>
 *   <li>orders: reporting over {@code driver:location_update} recently, with no active order.</li>
 * </ul>
 * A driver has one position whichever message reported it, and it moves them in every pool they are in.
 */
public interface DriverIndex {

    /** A driver found near a point, with the distance to it. */
    record Nearby(String driverId, double distanceKm) {
    }

    /** The outcome of a beacon: whether the driver is now in the ride pool, and their booking state. */
    record Availability(boolean available, String state) {
    }

    /** How a location update changed the index. */
    enum Move {
        /** Older than the last recorded fix: ignored. */
        OUT_OF_ORDER,
        /** Recorded; the driver is not in the ride pool (off, proposed or booked). */
        MOVED,
        /** Recorded and moved in the ride pool. */
        MOVED_AVAILABLE,
        /**
         * Recorded; the driver has no beacon on record (never sent one, or Redis lost the record: restarted empty,
         * evicted), so they are in no ride pool and nothing says so. Reported once per connection, for the first fix
         * over it since the record lost its beacon: the same step marks the record with that connection, and later
         * fixes over it are {@link #MOVED} until a beacon arrives; a fix over another connection is reported again, as
         * the push may have been lost with the connection it went to. The mark holds the last connection told only:
         * fixes alternating over two open connections are told on every switch (rare: a session has one connection).
         */
        UNBEACONED
    }

    // --- rides (matching) ---

    /**
     * Records a driver's beacon: on (profile, position) and available unless proposed or booked, or off. The
     * connection it came over is remembered, so pushes to the driver need no session lookup.
     */
    Availability beacon(String driverId, boolean active, DriverProfile profile, GeoPoint point, String connectionId);

    /**
     * Records a driver's device fix with its accuracy (null: unknown) and the connection it came over, moving them in
     * the pools they are in; a fix older than the last one is ignored. {@link Move#UNBEACONED} the first time a fix
     * over a connection finds no beacon on the record.
     */
    Move move(String driverId, GeoPoint point, Double accuracyM, Instant at, String connectionId);

    /**
     * Drivers of the ride pool within {@code radiusKm} of a point, nearest first; any vehicle type when null. The
     * search widens from 0.5 km until it has {@code count} drivers or reaches the radius.
     */
    List<Nearby> nearest(GeoPoint from, String vehicleType, double radiusKm, int count);

    /**
     * Claims an available driver for a match until {@code until}, taking them out of the ride pool; empty when they
     * are no longer available (claimed by another match, gone off).
     */
    Optional<DriverOffer> claim(String driverId, String matchId, Instant until, double distanceKm);

    /** Frees a driver held by {@code matchId}; true when they are back in the ride pool. */
    boolean release(String driverId, String matchId);

    /**
     * Records that a match booked the driver: out of the ride pool until released, or until {@code until} (the
     * booking's hold, as DynamoDB's lock on the driver has it) passes, so a lost release never keeps them out.
     */
    void assign(String driverId, String matchId, Instant until);

    /** Brings the index in line with the booking state DynamoDB holds for a driver. */
    void mark(String driverId, String state, String matchId, Instant until);

    /** Takes a driver off (disconnected past the grace period); true when they were on. */
    boolean deactivate(String driverId);

    /** Whether the driver is in the ride pool (any vehicle type). */
    boolean isIndexed(String driverId);

    // --- orders ---

    /**
     * Records a position reported for the orders flow ({@code driver:location_update}) and the connection it came
     * from: the driver joins the order pool unless it has an active order. Returns the driver's active orders.
     */
    List<String> update(String driverId, String connectionId, DriverPosition position);

    /**
     * Drivers of the order pool within {@code radiusKm}, nearest first; those not heard from within {@code freshness}
     * leave the pool.
     */
    List<Nearby> nearestForOrders(double lat, double lng, double radiusKm, int limit, Duration freshness);

    /** The driver took an order: out of the order pool until it has none (the record kept {@code retention}). */
    void assigned(String driverId, String orderId, Duration retention);

    /** The driver's order ended; it is offered orders again from its next location update. */
    void released(String driverId, String orderId);

    Set<String> activeOrders(String driverId);

    /** The driver's connection went: it leaves the order pool (unless it already reported from another one). */
    void disconnected(String driverId, String connectionId);

    // --- the record ---

    /** The driver's last recorded position. */
    Optional<GeoPoint> position(String driverId);

    /** The driver's last position with heading and speed, as the orders flow shows it. */
    Optional<DriverPosition> lastPosition(String driverId);

    /** The last position the driver reported (fix or beacon), if its arrival time is known. */
    Optional<ReportedFix> lastFix(String driverId);

    /** The connection the driver last reported over. */
    Optional<String> connectionOf(String driverId);

    /** The connection each driver last reported over (drivers without one are absent). */
    Map<String, String> connections(Collection<String> driverIds);

    /** The driver's record as stored (for availability events and tests). */
    Map<String, String> record(String driverId);

    /** Fields of several drivers' records, in one round trip; a missing field is null. */
    List<List<String>> profiles(List<String> driverIds, String... fields);
}
