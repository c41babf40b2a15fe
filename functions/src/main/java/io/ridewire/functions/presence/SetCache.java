package io.ridewire.functions.presence;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import io.ridewire.functions.redis.LuaScript;
import io.ridewire.functions.redis.RedisConnections;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A short-lived Redis copy of sets whose truth is in DynamoDB (a user's session, a room's members), so reading one
 * costs a Redis call instead of a DynamoDB read. Every writer bumps the set's version after changing the table; a
 * reader that missed fills the copy only if the version did not move while it read DynamoDB, so a fill never brings
 * back a set that a concurrent change has replaced. An addition is applied to a filled copy in place only if no other
 * writer bumped the version between this writer's read of it (before its table write) and its copy write; otherwise,
 * like every removal, it drops the copy. So a late addition can never land on a copy filled after a later removal.
 * Copies expire after a minute in any case, and with Redis down every read goes to DynamoDB.
 */
final class SetCache {
    private static final Logger LOG = LoggerFactory.getLogger(SetCache.class);
    /** Marks a filled set, so "empty" and "not cached" differ. */
    private static final String FILLED = ".";
    private static final LuaScript FILL = new LuaScript("""
            local current = redis.call('GET', KEYS[2]) or '0'
            if current ~= ARGV[1] then return 0 end
            redis.call('DEL', KEYS[1])
            for i = 3, #ARGV, 1000 do
                redis.call('SADD', KEYS[1], unpack(ARGV, i, math.min(i + 999, #ARGV)))
            end
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            return 1
            """);
    private static final LuaScript ADD = new LuaScript("""
            local version = redis.call('INCR', KEYS[2])
            redis.call('PEXPIRE', KEYS[2], ARGV[1])
            if version ~= tonumber(ARGV[2]) + 1 then
                redis.call('DEL', KEYS[1])
                return 0
            end
            if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
            for i = 3, #ARGV, 1000 do
                redis.call('SADD', KEYS[1], unpack(ARGV, i, math.min(i + 999, #ARGV)))
            end
            return 1
            """);
    private static final LuaScript DROP = new LuaScript("""
            redis.call('INCR', KEYS[2])
            redis.call('PEXPIRE', KEYS[2], ARGV[1])
            redis.call('DEL', KEYS[1])
            return 1
            """);

    private final RedisConnections redis;
    private final String namespace;
    private final Duration ttl;

    /** @param namespace names the kind of set in its keys ({@code session}, {@code room}) */
    SetCache(RedisConnections redis, String namespace, Duration ttl) {
        this.redis = redis;
        this.namespace = namespace;
        this.ttl = ttl;
    }

    /** The cached set, or empty when not cached (or Redis is unreachable). */
    Optional<Set<String>> read(String id) {
        try {
            Set<String> members = commands().map(c -> c.smembers(setKey(id))).orElse(Set.of());
            if (!members.contains(FILLED)) {
                return Optional.empty();
            }
            Set<String> values = new HashSet<>(members);
            values.remove(FILLED);
            return Optional.of(values);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The version to hand back to {@link #fill} after reading the truth; -1 when Redis is unreachable. */
    long version(String id) {
        try {
            Optional<RedisCommands<String, String>> commands = commands();
            if (commands.isEmpty()) {
                return -1;
            }
            String version = commands.get().get(versionKey(id));
            return version == null ? 0 : Long.parseLong(version);
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** Caches what was read from the table, unless a writer changed the set meanwhile. */
    void fill(String id, long versionBeforeRead, Set<String> values) {
        if (versionBeforeRead < 0) {
            return;
        }
        List<String> args = new ArrayList<>(values.size() + 3);
        args.add(Long.toString(versionBeforeRead));
        args.add(Long.toString(ttl.toMillis()));
        args.add(FILLED);
        args.addAll(values);
        run(FILL, id, args, "fill skipped");
    }

    /**
     * Called after values were added to the set in the table, with the {@link #version} read before that write: the
     * copy takes them in place if no other change came between, and is dropped otherwise.
     */
    void added(String id, long versionBeforeWrite, Set<String> values) {
        if (values.isEmpty()) {
            return;
        }
        if (versionBeforeWrite < 0) {
            changed(id);
            return;
        }
        List<String> args = new ArrayList<>(values.size() + 2);
        args.add(versionTtlMillis());
        args.add(Long.toString(versionBeforeWrite));
        args.addAll(values);
        run(ADD, id, args, "addition not copied");
    }

    /** Called after any other change to the set in the table: the copy is dropped. */
    void changed(String id) {
        run(DROP, id, List.of(versionTtlMillis()), "invalidation failed");
    }

    private void run(LuaScript script, String id, List<String> args, String failure) {
        try {
            commands().ifPresent(c -> script.run(c, ScriptOutputType.INTEGER,
                    new String[] {setKey(id), versionKey(id)}, args.toArray(String[]::new)));
        } catch (RuntimeException e) {
            LOG.warn("{} copy of {}: {} (a copy expires within {}): {}", namespace, id, failure, ttl, e.toString());
        }
    }

    /** A version outlives every copy filled under it, so a late fill can never see it reset. */
    private String versionTtlMillis() {
        return Long.toString(ttl.multipliedBy(10).toMillis());
    }

    private Optional<RedisCommands<String, String>> commands() {
        return redis.strings().map(c -> c.sync());
    }

    // one hash slot per set and its version: the scripts touch both
    private String setKey(String id) {
        return redis.key("{" + namespace + ":" + id + "}");
    }

    private String versionKey(String id) {
        return redis.key("{" + namespace + ":" + id + "}:version");
    }
}
