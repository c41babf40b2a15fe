package io.ridewire.functions.drivers;

import io.lettuce.core.KeyValue;
import io.lettuce.core.api.sync.RedisCommands;
import io.ridewire.model.geo.GeoPoint;
import io.ridewire.functions.redis.RedisConnections;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A passenger's last known position — from their beacon or their location updates, stamped with server time — and
 * whether their beacon is on, in Redis. What {@code beacon.nearby_drivers} on connect is computed from.
 */
@Singleton
public class PassengerPositions {
    private final RedisConnections redis;
    private final DriverSettings settings;

    public PassengerPositions(RedisConnections redis, DriverSettings settings) {
        this.redis = redis;
        this.settings = settings;
    }

    /**
     * A passenger's position as last known.
     *
     * @param active false when their last beacon switched off; true when it is on or they never sent one
     */
    public record Known(GeoPoint point, Instant at, boolean active) {
    }

    /** Records a position (null: only the beacon flag changes) and, when given, whether the beacon is on. */
    public void record(String passengerId, GeoPoint point, Boolean active, Instant at) {
        Map<String, String> fields = new HashMap<>();
        if (active != null) {
            fields.put("active", active ? "1" : "0");
        }
        if (point != null) {
            fields.put("lat", Double.toString(point.latitude()));
            fields.put("lon", Double.toString(point.longitude()));
            fields.put("at", Long.toString(at.toEpochMilli()));
        }
        if (fields.isEmpty()) {
            return;
        }
        var commands = commands();
        commands.hset(key(passengerId), fields);
        commands.pexpire(key(passengerId), settings.getRecordTtl().toMillis());
    }

    public Optional<Known> last(String passengerId) {
        List<KeyValue<String, String>> v = commands().hmget(key(passengerId), "lat", "lon", "at", "active");
        if (v.size() < 4 || !v.get(0).hasValue() || !v.get(1).hasValue() || !v.get(2).hasValue()) {
            return Optional.empty();
        }
        return Optional.of(new Known(GeoPoint.of(Double.parseDouble(v.get(0).getValue()),
                Double.parseDouble(v.get(1).getValue())), Instant.ofEpochMilli(Long.parseLong(v.get(2).getValue())),
                !"0".equals(v.get(3).getValueOrElse("1"))));
    }

    private String key(String passengerId) {
        return redis.key("passenger:" + passengerId);
    }

    private RedisCommands<String, String> commands() {
        return redis.strings().orElseThrow(() -> new IllegalStateException("Redis is unreachable")).sync();
    }
}
