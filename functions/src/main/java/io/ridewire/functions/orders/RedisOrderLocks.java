package io.ridewire.functions.orders;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import io.ridewire.functions.redis.LuaScript;
import io.ridewire.functions.redis.RedisConnections;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.Optional;

/** The {@link OrderLocks} in Redis: SET NX PX, renewed and released by scripts that check the holder. */
@Singleton
public class RedisOrderLocks implements OrderLocks {
    private static final LuaScript ACQUIRE = new LuaScript("""
            if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
              return 1
            end
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              redis.call('PEXPIRE', KEYS[1], ARGV[2])
              return 1
            end
            return 0
            """);
    private static final LuaScript RELEASE = new LuaScript("""
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              return redis.call('DEL', KEYS[1])
            end
            return 0
            """);

    private final RedisConnections redis;

    public RedisOrderLocks(RedisConnections redis) {
        this.redis = redis;
    }

    private String key(String orderId) {
        return redis.key("orders:lock:" + orderId);
    }

    @Override
    public boolean acquire(String orderId, String driverId, Duration ttl) {
        Long taken = ACQUIRE.run(commands(), ScriptOutputType.INTEGER, new String[] {key(orderId)},
                driverId, Long.toString(ttl.toMillis()));
        return taken != null && taken == 1L;
    }

    @Override
    public Optional<String> holder(String orderId) {
        return Optional.ofNullable(commands().get(key(orderId)));
    }

    @Override
    public void release(String orderId, String driverId) {
        RELEASE.run(commands(), ScriptOutputType.INTEGER, new String[] {key(orderId)}, driverId);
    }

    private RedisCommands<String, String> commands() {
        return redis.strings().orElseThrow(() -> new IllegalStateException("Redis is unreachable")).sync();
    }
}
