package io.ridewire.bridge.relay;

import io.ridewire.bridge.BridgeSettings;
import jakarta.inject.Singleton;
import io.lettuce.core.ScriptOutputType;
import io.ridewire.functions.redis.RedisConnections;

import java.time.Clock;
import java.time.Duration;

/**
 * Remembers which (event, connection) pairs were delivered, in Redis, so a redelivered message — after a crash, a
 * nak, or a second bridge instance — never posts to the same connection twice. A claim is a lease: a bridge that
 * dies mid-post leaves it to expire, and another may then deliver.
 */
@Singleton
public final class DeliveryLedger {
    /** Claims many connections of one event in one round trip; returns one state per connection, in order. */
    private static final String CLAIM_ALL = """
            local out = {}
            for i = 4, #ARGV do
              local v = redis.call('HGET', KEYS[1], ARGV[i])
              if v == 'done' then out[#out + 1] = 'done'
              elseif v and tonumber(v) > tonumber(ARGV[1]) then out[#out + 1] = 'busy'
              else
                redis.call('HSET', KEYS[1], ARGV[i], tonumber(ARGV[1]) + tonumber(ARGV[2]))
                out[#out + 1] = 'claimed'
              end
            end
            redis.call('EXPIRE', KEYS[1], ARGV[3])
            return out
            """;
    private static final String RELEASE = """
            if redis.call('HGET', KEYS[1], ARGV[1]) ~= 'done' then redis.call('HDEL', KEYS[1], ARGV[1]) end
            return 1
            """;

    private final RedisConnections redis;
    private final Clock clock;
    private final Duration lease;
    private final Duration window;

    public DeliveryLedger(RedisConnections redis, Clock clock, BridgeSettings settings) {
        this.redis = redis;
        this.clock = clock;
        this.lease = settings.getClaimLease();
        this.window = settings.getDedupWindow();
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

    /** Claims every connection of an event in one round trip (a room fan-out costs one call, not one per member). */
    public java.util.Map<String, Claim> claimAll(String eventId, java.util.List<String> connectionIds) {
        java.util.Map<String, Claim> claims = new java.util.LinkedHashMap<>();
        if (connectionIds.isEmpty()) {
            return claims;
        }
        String[] args = new String[connectionIds.size() + 3];
        args[0] = Long.toString(clock.millis());
        args[1] = Long.toString(lease.toMillis());
        args[2] = Long.toString(window.toSeconds());
        for (int i = 0; i < connectionIds.size(); i++) {
            args[i + 3] = connectionIds.get(i);
        }
        java.util.List<Object> states = commands().eval(CLAIM_ALL, ScriptOutputType.MULTI, new String[] {key(eventId)}, args);
        for (int i = 0; i < connectionIds.size(); i++) {
            claims.put(connectionIds.get(i), switch ((String) states.get(i)) {
                case "done" -> Claim.DONE;
                case "busy" -> Claim.BUSY;
                default -> Claim.CLAIMED;
            });
        }
        return claims;
    }

    /** Marks many connections of an event delivered in one round trip. */
    public void doneAll(String eventId, java.util.Collection<String> connectionIds) {
        if (connectionIds.isEmpty()) {
            return;
        }
        java.util.Map<String, String> done = new java.util.HashMap<>();
        connectionIds.forEach(id -> done.put(id, "done"));
        commands().hset(key(eventId), done);
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
