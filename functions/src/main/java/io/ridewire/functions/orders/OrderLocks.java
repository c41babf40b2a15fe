package io.ridewire.functions.orders;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import io.ridewire.functions.redis.RedisConnections;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.Optional;

/**
 * The taxi spec's accept lock: one driver at a time may hold an order for a few seconds (SET NX PX); the holder may
 * renew it, nobody else may take or release it until it expires.
 */
@Singleton
public class OrderLocks {
    private static final String ACQUIRE = """
            if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
              return 1
            end
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              redis.call('PEXPIRE', KEYS[1], ARGV[2])
              return 1
            end
            return 0
            """;
    private static final String RELEASE = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              return redis.call('DEL', KEYS[1])
            end
            return 0
            """;

    private final RedisConnections redis;

    public OrderLocks(RedisConnections redis) {
        this.redis = redis;
    }

    private String key(String orderId) {
        return redis.key("orders:lock:" + orderId);
    }

    /** Takes (or renews, for its holder) the lock; false when another driver holds it. */
    public boolean acquire(String orderId, String driverId, Duration ttl) {
        Long taken = commands().eval(ACQUIRE, ScriptOutputType.INTEGER, new String[] {key(orderId)},
                driverId, Long.toString(ttl.toMillis()));
        return taken != null && taken == 1L;
    }

    /** Who holds the lock now. */
    public Optional<String> holder(String orderId) {
        return Optional.ofNullable(commands().get(key(orderId)));
    }

    /** Releases the lock if {@code driverId} holds it. */
    public void release(String orderId, String driverId) {
        commands().eval(RELEASE, ScriptOutputType.INTEGER, new String[] {key(orderId)}, driverId);
    }

    private RedisCommands<String, String> commands() {
        return redis.strings().orElseThrow(() -> new IllegalStateException("Redis is unreachable")).sync();
    }
}
