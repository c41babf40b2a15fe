package io.ridewire.bridge.relay;

import io.lettuce.core.ScriptOutputType;
import io.ridewire.redis.RedisConnections;

import java.time.Clock;
import java.time.Duration;

/**
 * Remembers which (event, connection) pairs were delivered, in Redis, so a redelivered message — after a crash, a
 * nak, or a second bridge instance — never posts to the same connection twice. A claim is a lease: a bridge that
 * dies mid-post leaves it to expire, and another may then deliver.
 */
public final class DeliveryLedger {
    private static final String CLAIM = """
            local v = redis.call('HGET', KEYS[1], ARGV[1])
            if v == 'done' then return 'done' end
            if v and tonumber(v) > tonumber(ARGV[2]) then return 'busy' end
            redis.call('HSET', KEYS[1], ARGV[1], tonumber(ARGV[2]) + tonumber(ARGV[3]))
            redis.call('EXPIRE', KEYS[1], ARGV[4])
            return 'claimed'
            """;
    private static final String RELEASE = """
            if redis.call('HGET', KEYS[1], ARGV[1]) ~= 'done' then redis.call('HDEL', KEYS[1], ARGV[1]) end
            return 1
            """;

    private final RedisConnections redis;
    private final Clock clock;
    private final Duration lease;
    private final Duration window;

    public DeliveryLedger(RedisConnections redis, Clock clock, Duration lease, Duration window) {
        this.redis = redis;
        this.clock = clock;
        this.lease = lease;
        this.window = window;
    }

    /** The state of a pair after trying to claim it. */
    public enum Claim {
        /** This bridge may post now. */
        CLAIMED,
        /** Delivered before: skip. */
        DONE,
        /** Another bridge is posting it right now: try again later. */
        BUSY
    }

    public Claim claim(String eventId, String connectionId) {
        String result = commands().eval(CLAIM, ScriptOutputType.STATUS, new String[] {key(eventId)}, connectionId,
                Long.toString(clock.millis()), Long.toString(lease.toMillis()), Long.toString(window.toSeconds()));
        return switch (result) {
            case "done" -> Claim.DONE;
            case "busy" -> Claim.BUSY;
            default -> Claim.CLAIMED;
        };
    }

    public void done(String eventId, String connectionId) {
        commands().hset(key(eventId), connectionId, "done");
    }

    /** Gives a claim back after a failed post, so a retry may post. */
    public void release(String eventId, String connectionId) {
        commands().eval(RELEASE, ScriptOutputType.INTEGER, new String[] {key(eventId)}, connectionId);
    }

    private String key(String eventId) {
        return redis.key("bridge:delivered:" + eventId);
    }

    private io.lettuce.core.api.sync.RedisCommands<String, String> commands() {
        return redis.strings().orElseThrow(() -> new IllegalStateException("Redis is unreachable")).sync();
    }
}
