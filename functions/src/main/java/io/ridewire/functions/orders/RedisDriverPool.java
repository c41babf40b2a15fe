package io.ridewire.functions.orders;

import io.lettuce.core.GeoArgs;
import io.lettuce.core.GeoSearch;
import io.lettuce.core.GeoWithin;
import io.lettuce.core.KeyValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import io.micronaut.context.annotation.Secondary;
import io.ridewire.functions.redis.RedisConnections;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Delivery and taxi drivers in Redis, kept by {@code driver:location_update}: each driver's last position and
 * connection, a GEO set of the available ones (no active order, reported recently) and each driver's active
 * orders. Everything on the location hot path is one script call; DynamoDB is not touched.
 */
@Singleton
@Secondary
public class RedisDriverPool implements NearbyDrivers {
    private static final long POSITION_TTL_SECONDS = 3600;
    // returns the driver's active orders, so the caller can forward the position to those order rooms
    private static final String UPDATE = """
            redis.call('HSET', KEYS[1], 'lat', ARGV[3], 'lng', ARGV[4], 'heading', ARGV[5], 'speed', ARGV[6], 'at', ARGV[7])
            redis.call('EXPIRE', KEYS[1], ARGV[8])
            redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
            local active = redis.call('SMEMBERS', KEYS[3])
            if #active == 0 then
              redis.call('GEOADD', KEYS[4], ARGV[4], ARGV[3], ARGV[1])
              redis.call('ZADD', KEYS[5], ARGV[7], ARGV[1])
            else
              redis.call('ZREM', KEYS[4], ARGV[1])
            end
            return active
            """;
    private static final String FORGET_CONNECTION = """
            if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then
              redis.call('HDEL', KEYS[1], ARGV[1])
              redis.call('ZREM', KEYS[2], ARGV[1])
              redis.call('ZREM', KEYS[3], ARGV[1])
              return 1
            end
            return 0
            """;

    private final RedisConnections redis;
    private final OrderSettings settings;
    private final Clock clock;
    private final String geoKey;
    private final String seenKey;
    private final String connectionsKey;

    public RedisDriverPool(RedisConnections redis, OrderSettings settings, Clock clock) {
        this.redis = redis;
        this.settings = settings;
        this.clock = clock;
        this.geoKey = redis.key("orders:drivers:geo");
        this.seenKey = redis.key("orders:drivers:seen");
        this.connectionsKey = redis.key("orders:drivers:conn");
    }

    private String positionKey(String driverId) {
        return redis.key("orders:drivers:pos:" + driverId);
    }

    private String activeKey(String driverId) {
        return redis.key("orders:drivers:active:" + driverId);
    }

    /** Records a position and the connection it came from; returns the driver's active orders. */
    public List<String> update(String driverId, String connectionId, DriverPosition position) {
        List<Object> active = commands().eval(UPDATE, ScriptOutputType.MULTI,
                new String[] {positionKey(driverId), connectionsKey, activeKey(driverId), geoKey, seenKey},
                driverId, connectionId, Double.toString(position.lat()), Double.toString(position.lng()),
                position.heading() == null ? "" : Double.toString(position.heading()),
                position.speed() == null ? "" : Double.toString(position.speed()),
                Long.toString(position.updatedAt().toEpochMilli()), Long.toString(POSITION_TTL_SECONDS));
        return active.stream().map(String::valueOf).toList();
    }

    public Optional<DriverPosition> position(String driverId) {
        Map<String, String> hash = commands().hgetall(positionKey(driverId));
        if (hash == null || !hash.containsKey("lat")) {
            return Optional.empty();
        }
        return Optional.of(new DriverPosition(Double.parseDouble(hash.get("lat")), Double.parseDouble(hash.get("lng")),
                optionalDouble(hash.get("heading")), optionalDouble(hash.get("speed")),
                Instant.ofEpochMilli(Long.parseLong(hash.getOrDefault("at", "0")))));
    }

    @Override
    public List<Nearby> near(double lat, double lng, double radiusKm, int limit) {
        RedisCommands<String, String> commands = commands();
        List<GeoWithin<String>> found = commands.geosearch(geoKey, GeoSearch.fromCoordinates(lng, lat),
                GeoSearch.byRadius(radiusKm, GeoArgs.Unit.km),
                new GeoArgs().withDistance().withCount(limit).asc());
        if (found.isEmpty()) {
            return List.of();
        }
        String[] ids = found.stream().map(GeoWithin::getMember).toArray(String[]::new);
        List<Double> lastSeen = commands.zmscore(seenKey, ids);
        long freshAfter = clock.millis() - settings.getDriverFreshness().toMillis();
        List<Nearby> nearby = new ArrayList<>(found.size());
        List<String> stale = new ArrayList<>();
        for (int i = 0; i < found.size(); i++) {
            Double seen = lastSeen.get(i);
            if (seen != null && seen >= freshAfter) {
                nearby.add(new Nearby(ids[i], found.get(i).getDistance()));
            } else {
                stale.add(ids[i]);
            }
        }
        if (!stale.isEmpty()) {
            // a driver that went quiet leaves the pool until it reports again
            commands.zrem(geoKey, stale.toArray(String[]::new));
        }
        return nearby;
    }

    /** The connection each driver last reported from (drivers never seen are absent). */
    public Map<String, String> connections(Collection<String> driverIds) {
        if (driverIds.isEmpty()) {
            return Map.of();
        }
        Map<String, String> connections = new HashMap<>();
        for (KeyValue<String, String> entry : commands().hmget(connectionsKey, driverIds.toArray(String[]::new))) {
            if (entry.hasValue()) {
                connections.put(entry.getKey(), entry.getValue());
            }
        }
        return connections;
    }

    /** The driver took an order: out of the available pool until it has none. */
    public void assigned(String driverId, String orderId) {
        RedisCommands<String, String> commands = commands();
        commands.sadd(activeKey(driverId), orderId);
        commands.expire(activeKey(driverId), settings.getRetention().toSeconds());
        commands.zrem(geoKey, driverId);
    }

    /** The driver's order ended; it is offered orders again from its next location update. */
    public void released(String driverId, String orderId) {
        commands().srem(activeKey(driverId), orderId);
    }

    public Set<String> activeOrders(String driverId) {
        return commands().smembers(activeKey(driverId));
    }

    /** The driver's connection went: it is no longer available (unless it already reconnected elsewhere). */
    public void disconnected(String driverId, String connectionId) {
        commands().eval(FORGET_CONNECTION, ScriptOutputType.INTEGER,
                new String[] {connectionsKey, geoKey, seenKey}, driverId, connectionId);
    }

    private static Double optionalDouble(String text) {
        return text == null || text.isEmpty() ? null : Double.valueOf(text);
    }

    private RedisCommands<String, String> commands() {
        return redis.strings().orElseThrow(() -> new IllegalStateException("Redis is unreachable")).sync();
    }
}
