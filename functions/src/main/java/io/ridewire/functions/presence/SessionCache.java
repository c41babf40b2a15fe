package io.ridewire.functions.presence;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import io.ridewire.functions.redis.RedisConnections;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A short-lived Redis copy of each user's open connections, so pushing to a user costs one Redis read instead of
 * a DynamoDB read; the sessions table stays the truth. Writers bump a per-user version and drop the copy; a reader
 * that missed fills it only if the version did not move while it read DynamoDB, so a fill can never bring back a
 * set that a concurrent connect or disconnect has already replaced. Copies expire after a minute in any case, and
 * with Redis down every read goes to DynamoDB.
 */
@Singleton
public class SessionCache {
    private static final Logger LOG = LoggerFactory.getLogger(SessionCache.class);
    /** Marks a filled set, so "no connections" and "not cached" differ. */
    private static final String FILLED = ".";
    private static final String FILL = """
            local current = redis.call('GET', KEYS[2]) or '0'
            if current ~= ARGV[1] then return 0 end
            redis.call('DEL', KEYS[1])
            redis.call('SADD', KEYS[1], unpack(ARGV, 3))
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            return 1
            """;

    private final RedisConnections redis;
    private final Duration ttl;

    public SessionCache(RedisConnections redis) {
        this(redis, Duration.ofSeconds(60));
    }

    SessionCache(RedisConnections redis, Duration ttl) {
        this.redis = redis;
        this.ttl = ttl;
    }

    /** The cached connections, or empty when not cached (or Redis is unreachable). */
    public Optional<Set<String>> read(String userId) {
        try {
            Set<String> members = commands().map(c -> c.smembers(setKey(userId))).orElse(Set.of());
            if (!members.contains(FILLED)) {
                return Optional.empty();
            }
            Set<String> connections = new HashSet<>(members);
            connections.remove(FILLED);
            return Optional.of(connections);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The version to hand back to {@link #fill} after reading the truth; -1 when Redis is unreachable. */
    public long version(String userId) {
        try {
            Optional<RedisCommands<String, String>> commands = commands();
            if (commands.isEmpty()) {
                return -1;
            }
            String version = commands.get().get(versionKey(userId));
            return version == null ? 0 : Long.parseLong(version);
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** Caches what was read from the sessions table, unless a writer changed the user's session meanwhile. */
    public void fill(String userId, long versionBeforeRead, Set<String> connections) {
        if (versionBeforeRead < 0) {
            return;
        }
        List<String> args = new ArrayList<>(connections.size() + 3);
        args.add(Long.toString(versionBeforeRead));
        args.add(Long.toString(ttl.toMillis()));
        args.add(FILLED);
        args.addAll(connections);
        try {
            commands().ifPresent(c -> c.eval(FILL, ScriptOutputType.INTEGER,
                    new String[] {setKey(userId), versionKey(userId)}, args.toArray(String[]::new)));
        } catch (RuntimeException e) {
            LOG.debug("session cache fill skipped: {}", e.toString());
        }
    }

    /** Called after every change to a user's session in the table. */
    public void invalidate(String userId) {
        try {
            commands().ifPresent(c -> {
                c.incr(versionKey(userId));
                c.pexpire(versionKey(userId), ttl.multipliedBy(10).toMillis());
                c.del(setKey(userId));
            });
        } catch (RuntimeException e) {
            LOG.warn("session cache invalidation failed for {} (the copy expires within {}): {}", userId, ttl, e.toString());
        }
    }

    private Optional<RedisCommands<String, String>> commands() {
        return redis.strings().map(c -> c.sync());
    }

    private String setKey(String userId) {
        return redis.key("session:" + userId);
    }

    private String versionKey(String userId) {
        return redis.key("session-version:" + userId);
    }
}
