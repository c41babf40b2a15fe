package io.ridewire.functions.matching;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import io.ridewire.functions.redis.LuaScript;
import io.ridewire.functions.redis.RedisConnections;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.UUID;

/**
 * Keeps the after-effects of a match's confirmation and of the cancellation of that booking from overlapping. Each
 * is carried out after its write is stored, and when a party cancels just as the match is confirmed the two can run
 * at once in two processes: side by side, the confirmation's could book the driver in the pool, arm the zones or
 * send {@code match.confirmed} after the cancellation had freed the driver and sent {@code match.cancelled}. So
 * both run under a short per-match lock in Redis, and the cancellation leaves a mark on taking it, by which a
 * confirmation that comes second knows the booking is already over and does nothing.
 */
@Singleton
public class BookingEffects {
    private static final Logger LOG = LoggerFactory.getLogger(BookingEffects.class);
    /** Longer than the effects take (a few pushes); a holder that died frees the lock after this. */
    private static final Duration LOCK_TTL = Duration.ofSeconds(5);
    /** Long enough to outlast a dead holder's lock; past it the effects run unlocked rather than never. */
    private static final Duration MAX_WAIT = Duration.ofSeconds(8);
    /** Outlives any confirmation still to be carried out. */
    private static final Duration ENDED_TTL = Duration.ofHours(1);

    /**
     * KEYS: 1 lock, 2 ended mark. ARGV: 1 token ('' to skip locking), 2 lock ttl ms, 3 '1' to mark the booking
     * ended, 4 mark ttl ms. Returns -1 (held by another), 0 (taken), 1 (taken; the booking had ended).
     */
    private static final LuaScript ACQUIRE = new LuaScript("""
            if ARGV[1] ~= '' and not redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return -1 end
            if ARGV[3] == '1' then
              redis.call('SET', KEYS[2], '1', 'PX', ARGV[4])
              return 0
            end
            return redis.call('EXISTS', KEYS[2])
            """);
    private static final LuaScript RELEASE = new LuaScript("""
            if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
            return 0
            """);

    private final RedisConnections redis;

    public BookingEffects(RedisConnections redis) {
        this.redis = redis;
    }

    /** Runs a confirmation's effects, unless the booking was cancelled already; false when skipped. */
    boolean confirming(String matchId, Runnable effects) {
        return run(matchId, false, effects);
    }

    /** Runs the effects of a confirmed match's cancellation, after any confirmation's effects still running. */
    void ending(String matchId, Runnable effects) {
        run(matchId, true, effects);
    }

    private boolean run(String matchId, boolean ending, Runnable effects) {
        String[] keys = {redis.key("match:effects:" + matchId), redis.key("match:ended:" + matchId)};
        String token = UUID.randomUUID().toString();
        long giveUp = System.nanoTime() + MAX_WAIT.toNanos();
        long taken;
        while ((taken = acquire(keys, token, ending)) < 0) {
            if (System.nanoTime() > giveUp) {
                LOG.warn("match {}: booking effects lock still held after {}; going ahead unlocked", matchId, MAX_WAIT);
                token = "";
                taken = acquire(keys, token, ending);
                break;
            }
            pause();
        }
        try {
            if (taken == 1) {
                LOG.info("match {} was cancelled before its confirmation was carried out: confirmation skipped", matchId);
                return false;
            }
            effects.run();
            return true;
        } finally {
            if (!token.isEmpty()) {
                RELEASE.run(commands(), ScriptOutputType.INTEGER, new String[] {keys[0]}, token);
            }
        }
    }

    private long acquire(String[] keys, String token, boolean ending) {
        Long result = ACQUIRE.run(commands(), ScriptOutputType.INTEGER, keys, token,
                Long.toString(LOCK_TTL.toMillis()), ending ? "1" : "0", Long.toString(ENDED_TTL.toMillis()));
        return result == null ? -1 : result;
    }

    private static void pause() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for a match's booking effects", e);
        }
    }

    private RedisCommands<String, String> commands() {
        return redis.strings().orElseThrow(() -> new IllegalStateException("Redis is unreachable")).sync();
    }
}
