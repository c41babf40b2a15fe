package io.ridewire.functions.orders;

import io.lettuce.core.Range;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import io.ridewire.functions.redis.LuaScript;
import io.ridewire.functions.redis.RedisConnections;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The {@link OrderAudience} in Redis. */
@Singleton
public class RedisOrderAudience implements OrderAudience {
    private static final Duration SHOWN_TTL = Duration.ofDays(1);
    private static final LuaScript VIEW = new LuaScript("""
            redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[3])
            redis.call('PEXPIRE', KEYS[1], ARGV[4])
            redis.call('SADD', KEYS[2], ARGV[5])
            redis.call('PEXPIRE', KEYS[2], ARGV[4])
            return redis.call('ZCARD', KEYS[1])
            """);
    private static final LuaScript STOP = new LuaScript("""
            redis.call('ZREM', KEYS[1], ARGV[1])
            redis.call('SREM', KEYS[2], ARGV[3])
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[2])
            return redis.call('ZCARD', KEYS[1])
            """);

    // leading edge: the first change in a quiet period broadcasts at once; later ones only mark the order dirty
    private static final LuaScript LEAD = new LuaScript("""
            if redis.call('SET', KEYS[1], '1', 'NX', 'PX', ARGV[1]) then
              return 1
            end
            redis.call('SET', KEYS[2], '1', 'PX', ARGV[1])
            return 0
            """);
    // trailing edge: the leader broadcasts again while changes keep coming, else hands the lead back
    private static final LuaScript CONTINUE = new LuaScript("""
            if redis.call('GET', KEYS[2]) then
              redis.call('DEL', KEYS[2])
              redis.call('PEXPIRE', KEYS[1], ARGV[1])
              return 1
            end
            redis.call('DEL', KEYS[1])
            return 0
            """);

    private final RedisConnections redis;
    private final OrderSettings settings;
    private final Clock clock;

    public RedisOrderAudience(RedisConnections redis, OrderSettings settings, Clock clock) {
        this.redis = redis;
        this.settings = settings;
        this.clock = clock;
    }

    private String viewersKey(String orderId) {
        return redis.key("orders:viewers:" + orderId);
    }

    private String viewingKey(String connectionId) {
        return redis.key("orders:viewing:" + connectionId);
    }

    private String shownKey(String orderId) {
        return redis.key("orders:shown:" + orderId);
    }

    @Override
    public long view(String orderId, String driverId, String connectionId) {
        long now = clock.millis();
        return VIEW.run(commands(), ScriptOutputType.INTEGER,
                new String[] {viewersKey(orderId), viewingKey(connectionId)},
                driverId, Long.toString(now), Long.toString(now - settings.getViewerTtl().toMillis()),
                Long.toString(settings.getViewerTtl().toMillis()), orderId);
    }

    @Override
    public long stopViewing(String orderId, String driverId, String connectionId) {
        long now = clock.millis();
        return STOP.run(commands(), ScriptOutputType.INTEGER,
                new String[] {viewersKey(orderId), viewingKey(connectionId)},
                driverId, Long.toString(now - settings.getViewerTtl().toMillis()), orderId);
    }

    @Override
    public List<String> viewers(String orderId) {
        long from = clock.millis() - settings.getViewerTtl().toMillis();
        return commands().zrangebyscore(viewersKey(orderId), Range.create(from, Double.POSITIVE_INFINITY));
    }

    @Override
    public Set<String> connectionClosed(String connectionId, String driverId) {
        RedisCommands<String, String> commands = commands();
        Set<String> orders = commands.smembers(viewingKey(connectionId));
        for (String orderId : orders) {
            commands.zrem(viewersKey(orderId), driverId);
        }
        commands.del(viewingKey(connectionId));
        return orders;
    }

    @Override
    public boolean leadBroadcast(String orderId, Duration window) {
        Long lead = LEAD.run(commands(), ScriptOutputType.INTEGER,
                new String[] {broadcastKey(orderId), dirtyKey(orderId)}, Long.toString(window.toMillis() * 4));
        return lead != null && lead == 1L;
    }

    @Override
    public boolean broadcastAgain(String orderId, Duration window) {
        Long again = CONTINUE.run(commands(), ScriptOutputType.INTEGER,
                new String[] {broadcastKey(orderId), dirtyKey(orderId)}, Long.toString(window.toMillis() * 4));
        return again != null && again == 1L;
    }

    @Override
    public void endBroadcast(String orderId) {
        commands().del(broadcastKey(orderId));
    }

    private String broadcastKey(String orderId) {
        return redis.key("orders:viewers:lead:" + orderId);
    }

    private String dirtyKey(String orderId) {
        return redis.key("orders:viewers:dirty:" + orderId);
    }

    @Override
    public void shown(String orderId, Collection<String> driverIds) {
        if (driverIds.isEmpty()) {
            return;
        }
        RedisCommands<String, String> commands = commands();
        commands.sadd(shownKey(orderId), driverIds.toArray(String[]::new));
        commands.expire(shownKey(orderId), SHOWN_TTL.toSeconds());
    }

    @Override
    public Set<String> everyone(String orderId) {
        Set<String> drivers = new LinkedHashSet<>(commands().smembers(shownKey(orderId)));
        drivers.addAll(viewers(orderId));
        return drivers;
    }

    @Override
    public void settled(String orderId) {
        commands().del(viewersKey(orderId));
    }

    private RedisCommands<String, String> commands() {
        return redis.strings().orElseThrow(() -> new IllegalStateException("Redis is unreachable")).sync();
    }
}
