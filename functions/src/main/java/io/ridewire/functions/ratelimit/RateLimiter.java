package io.ridewire.functions.ratelimit;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.api.StatefulRedisConnection;
import io.ridewire.functions.redis.RedisConnections;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-user, per-event-type limits shared by every Lambda instance: Bucket4j buckets in Redis that refill all at
 * once at the end of each window. If Redis is unreachable the limiter lets messages through (fail open) and logs
 * it: a Redis outage must not take the real-time API down with it.
 */
@Singleton
public class RateLimiter {
    private static final Logger LOG = LoggerFactory.getLogger(RateLimiter.class);

    private final RateLimitSettings settings;
    private final RedisConnections redis;
    private final Limit defaultLimit;
    private final Map<String, Limit> overrides;
    private final Map<Limit, BucketConfiguration> configurations = new ConcurrentHashMap<>();
    private volatile Buckets buckets;

    public RateLimiter(RateLimitSettings settings, RedisConnections redis) {
        this.settings = settings;
        this.redis = redis;
        this.defaultLimit = new Limit(settings.getLimit(), settings.getWindow());
        this.overrides = Limit.parseOverrides(settings.getOverrides());
    }

    /** The outcome of one check. */
    public record Decision(boolean allowed, Limit limit, long retryAfterSeconds) {
        static Decision allow(Limit limit) {
            return new Decision(true, limit, 0);
        }
    }

    public Limit limitFor(String eventType) {
        return overrides.getOrDefault(eventType, defaultLimit);
    }

    /** Takes one token from the user's bucket for this event type. */
    public Decision check(String userId, String eventType) {
        Limit limit = limitFor(eventType);
        if (!settings.isEnabled()) {
            return Decision.allow(limit);
        }
        ProxyManager<String> manager = buckets();
        if (manager == null) {
            return Decision.allow(limit);
        }
        try {
            ConsumptionProbe probe = manager.builder()
                    .build(redis.key("rl:" + eventType + ":" + userId), () -> configuration(limit))
                    .tryConsumeAndReturnRemaining(1);
            if (probe.isConsumed()) {
                return Decision.allow(limit);
            }
            long retryAfter = Math.max(1, Duration.ofNanos(probe.getNanosToWaitForRefill()).toSeconds()
                    + (probe.getNanosToWaitForRefill() % 1_000_000_000L == 0 ? 0 : 1));
            return new Decision(false, limit, retryAfter);
        } catch (RuntimeException e) {
            LOG.warn("rate limit check skipped, Redis failed: {}", e.toString());
            return Decision.allow(limit);
        }
    }

    private BucketConfiguration configuration(Limit limit) {
        return configurations.computeIfAbsent(limit, l -> BucketConfiguration.builder()
                .addLimit(b -> b.capacity(l.count()).refillIntervally(l.count(), l.window()))
                .build());
    }

    /** Bucket4j's proxy over one Redis connection; rebuilt when that connection was replaced (after a snapshot). */
    private record Buckets(StatefulRedisConnection<String, byte[]> connection, ProxyManager<String> manager) {
    }

    private ProxyManager<String> buckets() {
        return redis.binary().map(connection -> {
            Buckets current = buckets;
            if (current != null && current.connection() == connection) {
                return current.manager();
            }
            synchronized (this) {
                if (buckets == null || buckets.connection() != connection) {
                    buckets = new Buckets(connection, Bucket4jLettuce.casBasedBuilder(connection)
                            .expirationAfterWrite(ExpirationAfterWriteStrategy
                                    .basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(5)))
                            .build());
                }
                return buckets.manager();
            }
        }).orElse(null);
    }
}
