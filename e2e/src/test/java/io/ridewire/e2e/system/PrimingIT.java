package io.ridewire.e2e.system;

import io.ridewire.functions.aws.DynamoCallCounter;
import io.ridewire.local.LocalStack;
import io.ridewire.local.testing.TestStacks;
import io.ridewire.functions.ratelimit.RateLimiter;
import io.ridewire.functions.system.Priming;
import org.junit.jupiter.api.Test;

import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SnapStart priming runs the first request's real paths (a DynamoDB read, the rate limiter's Redis script) and
 * closes the Redis connections before the snapshot; after it, Redis is used again through fresh connections and the
 * rate limit still holds (it must not fail open on a connection closed for the snapshot).
 */
class PrimingIT {

    @Test
    void primingReachesDynamoAndRedis_andAfterTheSnapshotRateLimitsStillHold() {
        try (LocalStack stack = TestStacks.start(b -> b.property("ridewire.rate-limit.overrides", "ping=3/60s"))) {
            Priming priming = stack.context().getBean(Priming.class);
            RateLimiter limiter = stack.context().getBean(RateLimiter.class);
            DynamoCallCounter calls = stack.context().getBean(DynamoCallCounter.class);
            String before = TestStacks.uniqueId("before");
            assertThat(limiter.check(before, "ping").allowed()).isTrue(); // the limiter's buckets are built

            long reads = calls.snapshot().getOrDefault("GetItem", 0L);
            priming.beforeCheckpoint(null);
            assertThat(calls.snapshot().getOrDefault("GetItem", 0L)).as("DynamoDB reads while priming")
                    .isGreaterThan(reads);

            priming.afterRestore(null);
            String user = TestStacks.uniqueId("after");
            assertThat(IntStream.range(0, 4).mapToObj(i -> limiter.check(user, "ping").allowed()))
                    .containsExactly(true, true, true, false);
        }
    }
}
