package io.ridewire.deadlines;

import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Against the real Redis (127.0.0.1:6379 or RIDEWIRE_TEST_REDIS_URI), under a key prefix of its own. */
class DeadlinesTest {
    private ApplicationContext context;
    private Deadlines deadlines;

    @BeforeEach
    void start() {
        context = newContext("dl-" + UUID.randomUUID() + ":");
        deadlines = context.getBean(Deadlines.class);
    }

    @AfterEach
    void stop() {
        context.close();
    }

    static ApplicationContext newContext(String prefix) {
        String redis = System.getenv().getOrDefault("RIDEWIRE_TEST_REDIS_URI", "redis://127.0.0.1:6379");
        return ApplicationContext.run(Map.of("ridewire.redis.uri", redis, "ridewire.redis.key-prefix", prefix,
                "ridewire.deadlines.lease", "300ms"));
    }

    @Test
    void aDeadlineIsClaimedOnlyOnceItIsDue() {
        Instant now = Instant.now();
        deadlines.schedule(new Deadline("later", "test", now.plusSeconds(60), "x"));
        deadlines.schedule(new Deadline("now", "test", now.minusMillis(1), "payload-1"));
        List<Deadlines.Claim> claims = deadlines.claimDue();
        assertThat(claims).extracting(c -> c.deadline().id()).containsExactly("now");
        assertThat(claims.getFirst().deadline().payload()).isEqualTo("payload-1");
        assertThat(claims.getFirst().deadline().kind()).isEqualTo("test");
    }

    @Test
    void aClaimedDeadlineIsNotClaimedAgainWhileItsLeaseHolds_butIsAfterwards() throws InterruptedException {
        deadlines.schedule(new Deadline("d1", "test", Instant.now().minusMillis(1), ""));
        assertThat(deadlines.claimDue()).hasSize(1);
        assertThat(deadlines.claimDue()).isEmpty();
        Thread.sleep(400);
        assertThat(deadlines.claimDue()).extracting(c -> c.deadline().id()).containsExactly("d1");
    }

    @Test
    void completingRemovesTheDeadline() throws InterruptedException {
        deadlines.schedule(new Deadline("d1", "test", Instant.now().minusMillis(1), ""));
        deadlines.complete(deadlines.claimDue().getFirst());
        Thread.sleep(400);
        assertThat(deadlines.claimDue()).isEmpty();
        assertThat(deadlines.dueAt("d1")).isEmpty();
    }

    @Test
    void rescheduledWhileFiring_theNewDueTimeStands() {
        deadlines.schedule(new Deadline("d1", "test", Instant.now().minusMillis(1), ""));
        Deadlines.Claim claim = deadlines.claimDue().getFirst();
        Instant later = Instant.now().plusSeconds(30);
        deadlines.schedule(new Deadline("d1", "test", later, ""));
        deadlines.complete(claim);
        assertThat(deadlines.dueAt("d1")).contains(Instant.ofEpochMilli(later.toEpochMilli()));
    }

    @Test
    void cancelledDeadlinesNeverFire() {
        deadlines.schedule(new Deadline("d1", "test", Instant.now().minusMillis(1), ""));
        assertThat(deadlines.cancel("d1")).isTrue();
        assertThat(deadlines.claimDue()).isEmpty();
        assertThat(deadlines.cancel("d1")).isFalse();
    }

    @Test
    void aDeadlineSetByOneProcessFiresInAnother() {
        String prefix = "dl-" + UUID.randomUUID() + ":";
        try (ApplicationContext first = newContext(prefix)) {
            first.getBean(Deadlines.class).schedule(new Deadline("handover", "test",
                    Instant.now(first.getBean(Clock.class)).minusMillis(1), "p"));
        }
        try (ApplicationContext second = newContext(prefix)) {
            assertThat(second.getBean(Deadlines.class).claimDue()).extracting(c -> c.deadline().id())
                    .containsExactly("handover");
        }
    }
}
