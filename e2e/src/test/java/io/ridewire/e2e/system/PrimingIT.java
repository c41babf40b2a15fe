package io.ridewire.e2e.system;

import io.nats.client.Connection;
import io.ridewire.functions.aws.DynamoCallCounter;
import io.ridewire.functions.events.NatsConnection;
import io.ridewire.functions.presence.Presence;
import io.ridewire.model.identity.Role;
import io.ridewire.local.LocalStack;
import io.ridewire.local.testing.TestStacks;
import io.ridewire.functions.ratelimit.RateLimiter;
import io.ridewire.functions.system.Priming;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SnapStart priming runs the first request's real paths (DynamoDB reads and the writes of a connection opened and
 * forgotten, the rate limiter's Redis script, a JetStream publish) and closes the Redis and NATS connections before
 * the snapshot, leaving no connection behind; after it, Redis and NATS are used again through fresh connections
 * and the rate limit still holds (it must not fail open on a connection closed for the snapshot).
 */
class PrimingIT {

    @Test
    void primingReachesDynamoAndRedis_andAfterTheSnapshotRateLimitsStillHold() {
        try (LocalStack stack = TestStacks.start(b -> b.property("ridewire.rate-limit.overrides", "ping=3/60s"))) {
            Priming priming = stack.context().getBean(Priming.class);
            RateLimiter limiter = stack.context().getBean(RateLimiter.class);
            DynamoCallCounter calls = stack.context().getBean(DynamoCallCounter.class);
            String earlier = TestStacks.uniqueId("before");
            assertThat(limiter.check(earlier, "ping").allowed()).isTrue(); // the limiter's buckets are built

            Presence presence = stack.context().getBean(Presence.class);
            NatsConnection nats = stack.context().getBean(NatsConnection.class);
            Connection snapshotted = nats.connection().orElseThrow();
            long drivers = presence.countByRole().get(Role.DRIVER);
            Map<String, Long> before = calls.snapshot();
            priming.beforeCheckpoint(null);
            Map<String, Long> after = calls.snapshot();
            for (String operation : List.of("GetItem", "BatchWriteItem", "UpdateItem", "TransactWriteItems")) {
                assertThat(after.getOrDefault(operation, 0L)).as(operation + " while priming")
                        .isGreaterThan(before.getOrDefault(operation, 0L));
            }
            assertThat(presence.countByRole().get(Role.DRIVER)).as("the priming connection is gone again")
                    .isEqualTo(drivers);
            assertThat(snapshotted.getStatus()).as("NATS closed for the snapshot").isEqualTo(Connection.Status.CLOSED);

            priming.afterRestore(null);
            String user = TestStacks.uniqueId("after");
            assertThat(IntStream.range(0, 4).mapToObj(i -> limiter.check(user, "ping").allowed()))
                    .containsExactly(true, true, true, false);
            Connection reopened = nats.connection().orElseThrow();
            assertThat(reopened).isNotSameAs(snapshotted);
            assertThat(reopened.getStatus()).isEqualTo(Connection.Status.CONNECTED);
        }
    }
}
