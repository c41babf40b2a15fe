package io.ridewire.functions.drivers;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import io.ridewire.model.geo.GeoPoint;
import io.ridewire.model.location.ReportedFix;
import io.ridewire.model.matching.DriverOffer;
import io.ridewire.functions.redis.RedisConnections;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The drivers Ridewire can propose, in Redis: each driver's record and geo indexes of the available ones (all,
 * and per vehicle type), changed only through the atomic steps of {@link PoolScripts}. Availability is
 * active ∧ free: a proposal claims a driver out of the indexes in one step, so no two matches can claim the same
 * driver; releasing puts them back if they are still active. Every call is one Redis round trip.
 */
@Singleton
public class DriverPool {
    /** The widening circles of a search before its full radius. */
    private static final double[] SEARCH_RADII_KM = {0.5, 1.5};

    private final RedisConnections redis;
    private final DriverSettings settings;
    private final Clock clock;
    private final String allKey;
    private final String typedPrefix;

    public DriverPool(RedisConnections redis, DriverSettings settings, Clock clock) {
        this.redis = redis;
        this.settings = settings;
        this.clock = clock;
        this.allKey = redis.key("drivers:available");
        this.typedPrefix = redis.key("drivers:available:");
    }

    /** A driver found near a point, with the distance to it. */
    public record Nearby(String driverId, double distanceKm) {
    }

    /** The outcome of a beacon: whether the driver is now in the indexes, and their booking state. */
    public record Availability(boolean available, String state) {
    }

    /**
     * Records a driver's beacon: on (profile, position) and available unless proposed or booked, or off. The
     * connection it came over is remembered, so pushes to the driver need no session lookup.
     */
    public Availability beacon(String driverId, boolean active, DriverProfile profile, GeoPoint point,
                               String connectionId) {
        List<Object> result = PoolScripts.BEACON.run(commands(), ScriptOutputType.MULTI, keys(driverId),
                typedPrefix, driverId, active ? "1" : "0",
                text(profile == null ? null : profile.vehicleType()),
                text(profile == null ? null : profile.licensePlate()),
                profile == null || profile.rating() == null ? "" : Double.toString(profile.rating()),
                text(profile == null ? null : profile.name()),
                text(profile == null ? null : profile.phone()),
                point == null ? "" : Double.toString(point.latitude()),
                point == null ? "" : Double.toString(point.longitude()),
                Long.toString(clock.millis()),
                Long.toString(settings.getRecordTtl().toMillis()),
                text(connectionId));
        return new Availability(((Long) result.get(0)) == 1L, (String) result.get(1));
    }

    /** How a location update changed the pool. */
    public enum Move {
        /** Older than the last recorded fix: ignored. */
        OUT_OF_ORDER,
        /** Recorded; the driver is not available (off, proposed or booked). */
        MOVED,
        /** Recorded and moved in the indexes. */
        MOVED_AVAILABLE
    }

    /**
     * Records a driver's position with its accuracy (null: unknown) and the connection it came over, moving them in
     * the indexes when available.
     */
    public Move move(String driverId, GeoPoint point, Double accuracyM, Instant at, String connectionId) {
        Long result = PoolScripts.MOVE.run(commands(), ScriptOutputType.INTEGER, keys(driverId),
                typedPrefix, driverId, Double.toString(point.latitude()), Double.toString(point.longitude()),
                Long.toString(at.toEpochMilli()), Long.toString(clock.millis()),
                Long.toString(settings.getRecordTtl().toMillis()), connectionId,
                accuracyM == null ? "" : Double.toString(accuracyM));
        return result < 0 ? Move.OUT_OF_ORDER : result == 0 ? Move.MOVED : Move.MOVED_AVAILABLE;
    }

    /**
     * Available drivers within {@code radiusKm} of a point, nearest first; any vehicle type when null. One round
     * trip: the search widens from 0.5 km until it has {@code count} drivers or reaches the radius.
     */
    public List<Nearby> nearest(GeoPoint from, String vehicleType, double radiusKm, int count) {
        String key = vehicleType == null ? allKey : typedPrefix + vehicleType;
        List<String> args = new ArrayList<>(List.of(Double.toString(from.longitude()), Double.toString(from.latitude()),
                Integer.toString(count)));
        for (double radius : SEARCH_RADII_KM) {
            if (radius < radiusKm) {
                args.add(Double.toString(radius));
            }
        }
        args.add(Double.toString(radiusKm));
        List<Object> found = PoolScripts.NEAREST.run(commands(), ScriptOutputType.MULTI, new String[] {key},
                args.toArray(String[]::new));
        List<Nearby> nearby = new ArrayList<>(found.size());
        for (Object entry : found) {
            List<?> pair = (List<?>) entry;
            nearby.add(new Nearby((String) pair.get(0), Double.parseDouble((String) pair.get(1))));
        }
        return nearby;
    }

    /**
     * Claims an available driver for a match until {@code until}, taking them out of the indexes; empty when they
     * are no longer available (claimed by another match, gone off).
     */
    public Optional<DriverOffer> claim(String driverId, String matchId, Instant until, double distanceKm) {
        List<String> v = PoolScripts.CLAIM.run(commands(), ScriptOutputType.MULTI, keys(driverId),
                typedPrefix, driverId, matchId, Long.toString(until.toEpochMilli()), Long.toString(clock.millis()));
        if (v == null || v.size() < 7) {
            return Optional.empty();
        }
        GeoPoint location = v.get(5) == null ? null : GeoPoint.of(Double.parseDouble(v.get(5)), Double.parseDouble(v.get(6)));
        return Optional.of(new DriverOffer(driverId, v.get(3), v.get(4), v.get(0), v.get(1),
                v.get(2) == null ? null : Double.valueOf(v.get(2)), location, distanceKm));
    }

    /** Frees a driver held by {@code matchId}; true when they are back in the indexes. */
    public boolean release(String driverId, String matchId) {
        Long result = PoolScripts.RELEASE.run(commands(), ScriptOutputType.INTEGER, keys(driverId),
                typedPrefix, driverId, matchId);
        return result == 1L;
    }

    /** Records that a match booked the driver: out of the indexes until released. */
    public void assign(String driverId, String matchId) {
        mark(driverId, "assigned", matchId, null);
    }

    /** Brings Redis in line with the booking state DynamoDB holds for a driver. */
    public void mark(String driverId, String state, String matchId, Instant until) {
        PoolScripts.MARK.run(commands(), ScriptOutputType.INTEGER, keys(driverId), typedPrefix, driverId, state,
                matchId, until == null ? "" : Long.toString(until.toEpochMilli()));
    }

    /** Takes a driver off (disconnected past the grace period); true when they were on. */
    public boolean deactivate(String driverId) {
        Long result = PoolScripts.DEACTIVATE.run(commands(), ScriptOutputType.INTEGER, keys(driverId),
                typedPrefix, driverId);
        return result == 1L;
    }

    /** The driver's last recorded position. */
    public Optional<GeoPoint> position(String driverId) {
        var values = commands().hmget(recordKey(driverId), "lat", "lon");
        if (values.size() < 2 || !values.get(0).hasValue() || !values.get(1).hasValue()) {
            return Optional.empty();
        }
        return Optional.of(GeoPoint.of(Double.parseDouble(values.get(0).getValue()),
                Double.parseDouble(values.get(1).getValue())));
    }

    /** The last position the driver reported (fix or beacon), if its arrival time is known. */
    public Optional<ReportedFix> lastFix(String driverId) {
        var v = commands().hmget(recordKey(driverId), "lat", "lon", "acc", "seen");
        if (v.size() < 4 || !v.get(0).hasValue() || !v.get(1).hasValue() || !v.get(3).hasValue()) {
            return Optional.empty();
        }
        return Optional.of(new ReportedFix(GeoPoint.of(Double.parseDouble(v.get(0).getValue()),
                Double.parseDouble(v.get(1).getValue())),
                v.get(2).hasValue() ? Double.valueOf(v.get(2).getValue()) : null,
                Instant.ofEpochMilli(Long.parseLong(v.get(3).getValue()))));
    }

    /** The connection the driver last sent a beacon or location over. */
    public Optional<String> connectionOf(String driverId) {
        return Optional.ofNullable(commands().hget(recordKey(driverId), "conn"));
    }

    /** The driver's record as stored (for availability events and tests). */
    public Map<String, String> record(String driverId) {
        return commands().hgetall(recordKey(driverId));
    }

    /** Fields of several drivers' records, in one pipelined round trip; a missing field is null. */
    public List<List<String>> profiles(List<String> driverIds, String... fields) {
        var async = redis.strings().orElseThrow(() -> new IllegalStateException("Redis is unreachable")).async();
        List<io.lettuce.core.RedisFuture<List<io.lettuce.core.KeyValue<String, String>>>> pending = new ArrayList<>();
        for (String driverId : driverIds) {
            pending.add(async.hmget(recordKey(driverId), fields));
        }
        List<List<String>> profiles = new ArrayList<>(driverIds.size());
        for (var future : pending) {
            List<String> values = new ArrayList<>(fields.length);
            try {
                for (var value : future.get(settingsTimeoutMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    values.add(value.hasValue() ? value.getValue() : null);
                }
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException("Redis failed reading driver records", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            profiles.add(values);
        }
        return profiles;
    }

    private static long settingsTimeoutMillis() {
        return 2_000;
    }

    /** Whether the driver is in the all-drivers index. */
    public boolean isIndexed(String driverId) {
        return commands().zscore(allKey, driverId) != null;
    }

    public String recordKey(String driverId) {
        return redis.key("driver:" + driverId);
    }

    private String[] keys(String driverId) {
        return new String[] {recordKey(driverId), allKey};
    }

    private RedisCommands<String, String> commands() {
        return redis.strings().orElseThrow(() -> new IllegalStateException("Redis is unreachable")).sync();
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }
}
