package io.ridewire.bridge.relay;

import io.ridewire.bridge.BridgeSettings;
import jakarta.inject.Singleton;
import io.lettuce.core.ScriptOutputType;
import io.ridewire.functions.redis.LuaScript;
import io.ridewire.functions.redis.RedisConnections;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Remembers which (event, connection) pairs were delivered, in Redis, so a redelivered message — after a crash, a
 * nak, or a second bridge instance — never posts to the same connection twice. A claim is a lease: a bridge that
 * dies mid-post leaves it to expire, and another may then deliver.
 */
@Singleton
public final class DeliveryLedger {
    /** Claims many connections of one event in one round trip; returns one state per connection, in order. */
    private static final LuaScript CLAIM_ALL = new LuaScript("""
            local out = {}
            for i = 5, #ARGV do
              local v = redis.call('HGET', KEYS[1], ARGV[i])
              local expiry, holder
              if v and v ~= 'done' then expiry, holder = string.match(v, '^(%d+):?(.*)$') end
              if v == 'done' then out[#out + 1] = 'done'
              elseif expiry and tonumber(expiry) > tonumber(ARGV[1]) and holder ~= ARGV[4] then out[#out + 1] = 'busy'
              else
                redis.call('HSET', KEYS[1], ARGV[i], (tonumber(ARGV[1]) + tonumber(ARGV[2])) .. ':' .. ARGV[4])
                out[#out + 1] = 'claimed'
              end
            end
            redis.call('EXPIRE', KEYS[1], ARGV[3])
            return out
            """);
    /** Deletes the pairs this owner still holds: neither a done pair nor another owner's claim. */
    private static final LuaScript RELEASE = new LuaScript("""
            for i = 2, #ARGV do
              local v = redis.call('HGET', KEYS[1], ARGV[i])
              if v and v ~= 'done' and string.match(v, ':(.*)$') == ARGV[1] then redis.call('HDEL', KEYS[1], ARGV[i]) end
            end
            return 1
            """);

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
        /** Another relay attempt holds it (posting now, or it died and its lease runs): try again later. */
        BUSY
    }

    /**
     * Claims every connection of an event in one round trip (a room fan-out costs one call, not one per member) for
     * {@code owner}, one relay attempt: a pair it already holds is claimed again, another owner's live claim is busy.
     */
    public Map<String, Claim> claimAll(String eventId, List<String> connectionIds, String owner) {
        Map<String, Claim> claims = new LinkedHashMap<>();
        if (connectionIds.isEmpty()) {
            return claims;
        }
        String[] args = new String[connectionIds.size() + 4];
        args[0] = Long.toString(clock.millis());
        args[1] = Long.toString(lease.toMillis());
        args[2] = Long.toString(window.toSeconds());
        args[3] = owner;
        for (int i = 0; i < connectionIds.size(); i++) {
            args[i + 4] = connectionIds.get(i);
        }
        List<Object> states = CLAIM_ALL.run(commands(), ScriptOutputType.MULTI, new String[] {key(eventId)}, args);
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
    public void doneAll(String eventId, Collection<String> connectionIds) {
        if (connectionIds.isEmpty()) {
            return;
        }
        Map<String, String> done = new HashMap<>();
        connectionIds.forEach(id -> done.put(id, "done"));
        commands().hset(key(eventId), done);
    }

    /**
     * Gives back what {@code owner} holds of these pairs, so a retry may post: after a failed post, or after a claim
     * whose answer was lost (the script may have run), which would otherwise hold every retry off for the lease.
     */
    public void release(String eventId, Collection<String> connectionIds, String owner) {
        if (connectionIds.isEmpty()) {
            return;
        }
        List<String> args = new ArrayList<>(connectionIds.size() + 1);
        args.add(owner);
        args.addAll(connectionIds);
        RELEASE.run(commands(), ScriptOutputType.INTEGER, new String[] {key(eventId)}, args.toArray(String[]::new));
    }

    private String key(String eventId) {
        return redis.key("bridge:delivered:" + eventId);
    }

    private io.lettuce.core.api.sync.RedisCommands<String, String> commands() {
        return redis.strings().orElseThrow(() -> new IllegalStateException("Redis is unreachable")).sync();
    }
}
