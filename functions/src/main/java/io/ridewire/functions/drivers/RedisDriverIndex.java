package io.ridewire.functions.drivers;

import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import io.ridewire.functions.drivers.DriverPosition;
import io.ridewire.functions.redis.RedisConnections;
import io.ridewire.model.geo.GeoPoint;
import io.ridewire.model.location.ReportedFix;
import io.ridewire.model.matching.DriverOffer;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The {@link DriverIndex} in Redis. Keys: {@code driver:{id}} (the record, a hash), {@code driver:{id}:orders}
 * (active orders), the ride pool's geo sets {@code drivers:available} and {@code drivers:available:{type}}, and the
 * order pool's {@code drivers:for-orders}. Every change goes through the atomic steps of {@link PoolScripts}, one
 * round trip each; DynamoDB is never touched.
 */
@Singleton
public class RedisDriverIndex implements DriverIndex {
    /** The widening circles of a ride search before its full radius. */
    private static final double[] SEARCH_RADII_KM = {0.5, 1.5};
    /** A driver who only reports for orders is forgotten this long after their last report. */
    private static final long ORDER_POSITION_TTL_MILLIS = 3_600_000;
    private static final long READ_TIMEOUT_MILLIS = 2_000;

    private final RedisConnections redis;
    private final DriverSettings settings;
    private final Clock clock;
    private final String allKey;
    private final String typedPrefix;
    private final String forOrdersKey;
    private final String recordPrefix;

    public RedisDriverIndex(RedisConnections redis, DriverSettings settings, Clock clock) {
        this.redis = redis;
        this.settings = settings;
        this.clock = clock;
        this.allKey = redis.key("drivers:available");
        this.typedPrefix = redis.key("drivers:available:");
        this.forOrdersKey = redis.key("drivers:for-orders");
        this.recordPrefix = redis.key("driver:");
    }

    @Override
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

    @Override
    public Move move(String driverId, GeoPoint point, Double accuracyM, Instant at, String connectionId) {
        List<Object> result = runMove(driverId, point.latitude(), point.longitude(), Long.toString(at.toEpochMilli()),
                clock.millis(), settings.getRecordTtl().toMillis(), connectionId, accuracyM, null, null, false);
        long code = (Long) result.get(0);
        return code < 0 ? Move.OUT_OF_ORDER
                : code == 1 ? Move.MOVED_AVAILABLE
                : code == 2 ? Move.UNBEACONED
                : Move.MOVED;
    }

    @Override
    public List<String> update(String driverId, String connectionId, DriverPosition position) {
        List<Object> result = runMove(driverId, position.lat(), position.lng(), "",
                position.updatedAt().toEpochMilli(), ORDER_POSITION_TTL_MILLIS, connectionId, null,
                position.heading(), position.speed(), true);
        return result.subList(1, result.size()).stream().map(String::valueOf).toList();
    }

    /** The one location hot path: a position recorded, and moved in every pool the driver is in. */
    private List<Object> runMove(String driverId, double lat, double lon, String fixAt, long seen, long ttlMillis,
                                 String connectionId, Double accuracyM, Double heading, Double speed,
                                 boolean forOrders) {
        return PoolScripts.MOVE.run(commands(), ScriptOutputType.MULTI,
                new String[] {recordKey(driverId), allKey, activeOrdersKey(driverId), forOrdersKey},
                typedPrefix, driverId, Double.toString(lat), Double.toString(lon), fixAt, Long.toString(seen),
                Long.toString(ttlMillis), text(connectionId), number(accuracyM), number(heading), number(speed),
                forOrders ? "1" : "0");
    }

    @Override
    public List<Nearby> nearest(GeoPoint from, String vehicleType, double radiusKm, int count) {
        String key = vehicleType == null ? allKey : typedPrefix + vehicleType;
        List<Double> radii = new ArrayList<>();
        for (double radius : SEARCH_RADII_KM) {
            if (radius < radiusKm) {
                radii.add(radius);
            }
        }
        radii.add(radiusKm);
        return search(key, from.latitude(), from.longitude(), count, "", radii);
    }

    @Override
    public List<Nearby> nearestForOrders(double lat, double lng, double radiusKm, int limit, Duration freshness) {
        long freshAfter = clock.millis() - freshness.toMillis();
        return search(forOrdersKey, lat, lng, limit, Long.toString(freshAfter), List.of(radiusKm));
    }

    private List<Nearby> search(String key, double lat, double lon, int count, String freshAfter, List<Double> radii) {
        List<String> args = new ArrayList<>(List.of(Double.toString(lon), Double.toString(lat),
                Integer.toString(count), freshAfter, recordPrefix));
        radii.forEach(radius -> args.add(Double.toString(radius)));
        List<Object> found = PoolScripts.NEAREST.run(commands(), ScriptOutputType.MULTI, new String[] {key},
                args.toArray(String[]::new));
        List<Nearby> nearby = new ArrayList<>(found.size());
        for (Object entry : found) {
            List<?> pair = (List<?>) entry;
            nearby.add(new Nearby((String) pair.get(0), Double.parseDouble((String) pair.get(1))));
        }
        return nearby;
    }

    @Override
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

    @Override
    public boolean release(String driverId, String matchId) {
        Long result = PoolScripts.RELEASE.run(commands(), ScriptOutputType.INTEGER, keys(driverId),
                typedPrefix, driverId, matchId);
        return result == 1L;
    }

    @Override
    public void assign(String driverId, String matchId, Instant until) {
        mark(driverId, "assigned", matchId, until);
    }

    @Override
    public void mark(String driverId, String state, String matchId, Instant until) {
        PoolScripts.MARK.run(commands(), ScriptOutputType.INTEGER, keys(driverId), typedPrefix, driverId, state,
                matchId, until == null ? "" : Long.toString(until.toEpochMilli()));
    }

    @Override
    public boolean deactivate(String driverId) {
        Long result = PoolScripts.DEACTIVATE.run(commands(), ScriptOutputType.INTEGER, keys(driverId),
                typedPrefix, driverId);
        return result == 1L;
    }

    @Override
    public boolean isIndexed(String driverId) {
        return commands().zscore(allKey, driverId) != null;
    }

    @Override
    public void assigned(String driverId, String orderId, Duration retention) {
        RedisCommands<String, String> commands = commands();
        commands.sadd(activeOrdersKey(driverId), orderId);
        commands.expire(activeOrdersKey(driverId), retention.toSeconds());
        commands.zrem(forOrdersKey, driverId);
    }

    @Override
    public void released(String driverId, String orderId) {
        commands().srem(activeOrdersKey(driverId), orderId);
    }

    @Override
    public Set<String> activeOrders(String driverId) {
        return commands().smembers(activeOrdersKey(driverId));
    }

    @Override
    public void disconnected(String driverId, String connectionId) {
        PoolScripts.FORGET_CONNECTION.run(commands(), ScriptOutputType.INTEGER,
                new String[] {recordKey(driverId), forOrdersKey}, driverId, connectionId);
    }

    @Override
    public Optional<GeoPoint> position(String driverId) {
        var values = commands().hmget(recordKey(driverId), "lat", "lon");
        if (values.size() < 2 || !values.get(0).hasValue() || !values.get(1).hasValue()) {
            return Optional.empty();
        }
        return Optional.of(GeoPoint.of(Double.parseDouble(values.get(0).getValue()),
                Double.parseDouble(values.get(1).getValue())));
    }

    @Override
    public Optional<DriverPosition> lastPosition(String driverId) {
        var v = commands().hmget(recordKey(driverId), "lat", "lon", "heading", "speed", "seen");
        if (v.size() < 5 || !v.get(0).hasValue() || !v.get(1).hasValue()) {
            return Optional.empty();
        }
        return Optional.of(new DriverPosition(Double.parseDouble(v.get(0).getValue()),
                Double.parseDouble(v.get(1).getValue()), optionalDouble(v.get(2)), optionalDouble(v.get(3)),
                Instant.ofEpochMilli(v.get(4).hasValue() ? Long.parseLong(v.get(4).getValue()) : 0)));
    }

    @Override
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

    @Override
    public Optional<String> connectionOf(String driverId) {
        return Optional.ofNullable(commands().hget(recordKey(driverId), "conn"));
    }

    @Override
    public Map<String, String> connections(Collection<String> driverIds) {
        if (driverIds.isEmpty()) {
            return Map.of();
        }
        List<String> ids = List.copyOf(driverIds);
        List<List<String>> values = profiles(ids, "conn");
        Map<String, String> connections = new HashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            String connection = values.get(i).get(0);
            if (connection != null && !connection.isEmpty()) {
                connections.put(ids.get(i), connection);
            }
        }
        return connections;
    }

    @Override
    public Map<String, String> record(String driverId) {
        return commands().hgetall(recordKey(driverId));
    }

    @Override
    public List<List<String>> profiles(List<String> driverIds, String... fields) {
        var async = redis.strings().orElseThrow(() -> new IllegalStateException("Redis is unreachable")).async();
        List<RedisFuture<List<KeyValue<String, String>>>> pending = new ArrayList<>();
        for (String driverId : driverIds) {
            pending.add(async.hmget(recordKey(driverId), fields));
        }
        List<List<String>> profiles = new ArrayList<>(driverIds.size());
        for (var future : pending) {
            List<String> values = new ArrayList<>(fields.length);
            try {
                for (var value : future.get(READ_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
                    values.add(value.hasValue() ? value.getValue() : null);
                }
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("Redis failed reading driver records", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            profiles.add(values);
        }
        return profiles;
    }

    public String recordKey(String driverId) {
        return recordPrefix + driverId;
    }

    private String activeOrdersKey(String driverId) {
        return recordPrefix + driverId + ":orders";
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

    private static String number(Double value) {
        return value == null ? "" : Double.toString(value);
    }

    private static Double optionalDouble(KeyValue<String, String> value) {
        return value.hasValue() && !value.getValue().isEmpty() ? Double.valueOf(value.getValue()) : null;
    }
}
