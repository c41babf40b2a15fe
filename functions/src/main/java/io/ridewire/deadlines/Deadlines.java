package io.ridewire.deadlines;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.ridewire.redis.RedisConnections;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Durable timers in Redis, shared by every process: a sorted set of ids by due time and a hash of their kind and
 * payload. A poller claims due deadlines atomically by pushing their score forward by a lease, so exactly one
 * poller holds each; completing removes it, and a poller that dies leaves it to be claimed again when the lease
 * runs out. Nothing lives in process memory, so deadlines survive the process that set them.
 */
@Singleton
public class Deadlines {
    private static final String CLAIM = """
            local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[3]))
            local out = {}
            for _, id in ipairs(due) do
              redis.call('ZADD', KEYS[1], ARGV[2], id)
              local data = redis.call('HGET', KEYS[2], id)
              if data then
                table.insert(out, id)
                table.insert(out, data)
              else
                redis.call('ZREM', KEYS[1], id)
              end
            end
            return out
            """;
    private static final String COMPLETE = """
            if redis.call('ZSCORE', KEYS[1], ARGV[1]) == ARGV[2] then
              redis.call('ZREM', KEYS[1], ARGV[1])
              redis.call('HDEL', KEYS[2], ARGV[1])
              return 1
            end
            return 0
            """;

    private final RedisConnections redis;
    private final DeadlineSettings settings;
    private final Clock clock;
    private final String dueKey;
    private final String dataKey;

    public Deadlines(RedisConnections redis, DeadlineSettings settings, Clock clock) {
        this.redis = redis;
        this.settings = settings;
        this.clock = clock;
        this.dueKey = redis.key("deadlines:due");
        this.dataKey = redis.key("deadlines:data");
    }

    /** Schedules (or moves) a deadline. */
    public void schedule(Deadline deadline) {
        var commands = connection().sync();
        commands.hset(dataKey, deadline.id(), encode(deadline));
        commands.zadd(dueKey, (double) deadline.due().toEpochMilli(), deadline.id());
    }

    /** Cancels a deadline; true when it was still pending. */
    public boolean cancel(String id) {
        var commands = connection().sync();
        commands.hdel(dataKey, id);
        return commands.zrem(dueKey, id) > 0;
    }

    /** When a pending deadline is due, if it is pending. */
    public java.util.Optional<Instant> dueAt(String id) {
        Double score = connection().sync().zscore(dueKey, id);
        return score == null ? java.util.Optional.empty() : java.util.Optional.of(Instant.ofEpochMilli(score.longValue()));
    }

    /** A deadline claimed by this process, with the lease that proves it. */
    public record Claim(Deadline deadline, long leaseScore) {
    }

    /** Claims up to a batch of due deadlines. */
    public List<Claim> claimDue() {
        long now = clock.millis();
        long lease = now + settings.getLease().toMillis();
        List<Object> flat = connection().sync().eval(CLAIM, ScriptOutputType.MULTI, new String[] {dueKey, dataKey},
                Long.toString(now), Long.toString(lease), Integer.toString(settings.getBatchSize()));
        List<Claim> claims = new ArrayList<>(flat.size() / 2);
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            claims.add(new Claim(decode((String) flat.get(i), (String) flat.get(i + 1)), lease));
        }
        return claims;
    }

    /** Removes a fired deadline, unless it was re-scheduled meanwhile (then its new due time stands). */
    public void complete(Claim claim) {
        connection().sync().eval(COMPLETE, ScriptOutputType.INTEGER, new String[] {dueKey, dataKey},
                claim.deadline().id(), Long.toString(claim.leaseScore()));
    }

    private StatefulRedisConnection<String, String> connection() {
        return redis.strings().orElseThrow(() -> new IllegalStateException("Redis is unreachable"));
    }

    private static String encode(Deadline deadline) {
        // kind and due time cannot contain '|'; the payload is the rest
        return deadline.kind() + "|" + deadline.due().toEpochMilli() + "|" + (deadline.payload() == null ? "" : deadline.payload());
    }

    private static Deadline decode(String id, String data) {
        int first = data.indexOf('|');
        int second = data.indexOf('|', first + 1);
        return new Deadline(id, data.substring(0, first),
                Instant.ofEpochMilli(Long.parseLong(data.substring(first + 1, second))), data.substring(second + 1));
    }
}
