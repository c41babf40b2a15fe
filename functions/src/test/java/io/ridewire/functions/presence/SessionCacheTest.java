package io.ridewire.functions.presence;

import io.micronaut.context.ApplicationContext;
import io.ridewire.functions.redis.RedisConnections;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Against the real Redis, under a key prefix of its own. */
class SessionCacheTest {
    private ApplicationContext context;
    private SessionCache cache;

    @BeforeEach
    void start() {
        String redis = System.getenv().getOrDefault("RIDEWIRE_TEST_REDIS_URI", "redis://127.0.0.1:6379");
        context = ApplicationContext.run(Map.of("ridewire.redis.uri", redis,
                "ridewire.redis.key-prefix", "sc-" + UUID.randomUUID() + ":"));
        cache = new SessionCache(context.getBean(RedisConnections.class));
    }

    @AfterEach
    void stop() {
        context.close();
    }

    @Test
    void aFilledCopyIsRead_includingAnEmptyOne() {
        assertThat(cache.read("u")).isEmpty();
        cache.fill("u", cache.version("u"), Set.of("c1", "c2"));
        assertThat(cache.read("u")).contains(Set.of("c1", "c2"));
        cache.fill("v", cache.version("v"), Set.of());
        assertThat(cache.read("v")).contains(Set.of());
    }

    @Test
    void invalidationDropsTheCopy() {
        cache.fill("u", cache.version("u"), Set.of("c1"));
        cache.invalidate("u");
        assertThat(cache.read("u")).isEmpty();
    }

    @Test
    void aFillStartedBeforeAChange_isDropped() {
        long seen = cache.version("u");
        // a connect lands while the reader is reading DynamoDB
        cache.invalidate("u");
        cache.fill("u", seen, Set.of("old"));
        assertThat(cache.read("u")).as("the stale read must not be cached").isEmpty();
        cache.fill("u", cache.version("u"), Set.of("old", "new"));
        assertThat(cache.read("u")).contains(Set.of("old", "new"));
    }
}
