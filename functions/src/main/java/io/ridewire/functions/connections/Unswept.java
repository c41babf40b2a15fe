package io.ridewire.functions.connections;

import io.ridewire.functions.redis.RedisConnections;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Connections known to be closed whose rows could not be removed ({@code $disconnect} gave up against a failing
 * table): kept in Redis, a store apart from the one that failed, so the sweeper's next pass removes them within
 * seconds instead of waiting for its gateway check. With Redis down too, that check and the TTL remain.
 */
@Singleton
public class Unswept {
    private static final Logger LOG = LoggerFactory.getLogger(Unswept.class);
    /** At most this many are taken in one pass, so a long outage's backlog drains over several. */
    private static final int PER_PASS = 1000;

    private final RedisConnections redis;

    public Unswept(RedisConnections redis) {
        this.redis = redis;
    }

    public void remember(String connectionId) {
        try {
            redis.strings().ifPresentOrElse(c -> c.sync().sadd(key(), connectionId),
                    () -> LOG.warn("Redis unreachable: connection {} is left to the sweeper's check", connectionId));
        } catch (RuntimeException e) {
            LOG.warn("could not remember connection {} for the sweeper: {}", connectionId, e.toString());
        }
    }

    /** Some of the connections waiting (they stay until {@link #done}); empty when Redis is unreachable. */
    public List<String> waiting() {
        try {
            return redis.strings().map(c -> List.copyOf(c.sync().srandmember(key(), PER_PASS))).orElse(List.of());
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    public void done(String connectionId) {
        try {
            redis.strings().ifPresent(c -> c.sync().srem(key(), connectionId));
        } catch (RuntimeException e) {
            LOG.debug("unswept {} stays for the next pass: {}", connectionId, e.toString());
        }
    }

    private String key() {
        return redis.key("presence:unswept");
    }
}
