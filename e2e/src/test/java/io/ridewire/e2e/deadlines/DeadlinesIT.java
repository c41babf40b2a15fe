package io.ridewire.e2e.deadlines;

import io.ridewire.functions.aws.DynamoCallCounter;
import io.ridewire.functions.deadlines.Deadline;
import io.ridewire.bridge.timers.DeadlinePoller;
import io.ridewire.functions.deadlines.Deadlines;
import io.ridewire.local.LocalStack;
import io.ridewire.local.testing.TestStacks;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deadline store against DynamoDB Local, on a stack of its own whose poller is stopped (the test claims by
 * hand). Each test uses ids of its own; claims are filtered to them since every due deadline is claimable.
 */
class DeadlinesIT {
    private static LocalStack stack;
    private static Deadlines deadlines;

    @BeforeAll
    static void start() {
        stack = TestStacks.start(b -> b.property("ridewire.deadlines.lease", "300ms"));
        stack.context().getBean(DeadlinePoller.class).close();
        deadlines = stack.context().getBean(Deadlines.class);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    private static String id(String name) {
        return name + "-" + UUID.randomUUID();
    }

    private static List<Deadlines.Claim> claimed(String... ids) {
        return deadlines.claimDue().stream().filter(c -> List.of(ids).contains(c.deadline().id())).toList();
    }

    @Test
    void aDeadlineIsClaimedOnlyOnceItIsDue_withItsKindPayloadAndDueTime() {
        Instant now = Instant.now();
        String later = id("later");
        String due = id("now");
        deadlines.schedule(new Deadline(later, "test", now.plusSeconds(60), "x"));
        deadlines.schedule(new Deadline(due, "test", now.minusMillis(1), "payload-1"));
        List<Deadlines.Claim> claims = claimed(later, due);
        assertThat(claims).extracting(c -> c.deadline().id()).containsExactly(due);
        assertThat(claims.getFirst().deadline().payload()).isEqualTo("payload-1");
        assertThat(claims.getFirst().deadline().kind()).isEqualTo("test");
        assertThat(claims.getFirst().deadline().due()).isEqualTo(Instant.ofEpochMilli(now.minusMillis(1).toEpochMilli()));
    }

    @Test
    void severalDeadlinesAreScheduledInOneCall_andOfOneIdTheLaterStands() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String moved = id("moved");
        String other = id("other");
        deadlines.schedule(new Deadline(moved, "test", now.plusSeconds(300), "old"));
        String route = "schedule:" + moved;

        DynamoCallCounter.attributedTo(route, () -> {
            deadlines.schedule(List.of(new Deadline(moved, "test", now.plusSeconds(60), "first"),
                    new Deadline(other, "test", now.plusSeconds(90), "x"),
                    new Deadline(moved, "test", now.plusSeconds(30), "second")));
            return null;
        });

        assertThat(stack.context().getBean(DynamoCallCounter.class).snapshot(route))
                .isEqualTo(Map.of("BatchWriteItem", 1L));
        assertThat(deadlines.dueAt(moved)).contains(now.plusSeconds(30));
        assertThat(deadlines.dueAt(other)).contains(now.plusSeconds(90));
    }

    @Test
    void aClaimedDeadlineIsNotClaimedAgainWhileItsLeaseHolds_butIsAfterwards() throws InterruptedException {
        String d1 = id("d1");
        deadlines.schedule(new Deadline(d1, "test", Instant.now().minusMillis(1), ""));
        assertThat(claimed(d1)).hasSize(1);
        assertThat(claimed(d1)).isEmpty();
        Thread.sleep(400);
        assertThat(claimed(d1)).extracting(c -> c.deadline().id()).containsExactly(d1);
    }

    @Test
    void completingRemovesTheDeadline() throws InterruptedException {
        String d1 = id("d1");
        deadlines.schedule(new Deadline(d1, "test", Instant.now().minusMillis(1), ""));
        deadlines.complete(claimed(d1).getFirst());
        Thread.sleep(400);
        assertThat(claimed(d1)).isEmpty();
        assertThat(deadlines.dueAt(d1)).isEmpty();
    }

    @Test
    void rescheduledWhileFiring_theNewDueTimeStands() {
        String d1 = id("d1");
        deadlines.schedule(new Deadline(d1, "test", Instant.now().minusMillis(1), ""));
        Deadlines.Claim claim = claimed(d1).getFirst();
        Instant later = Instant.now().plusSeconds(30);
        deadlines.schedule(new Deadline(d1, "test", later, ""));
        deadlines.complete(claim);
        assertThat(deadlines.dueAt(d1)).contains(Instant.ofEpochMilli(later.toEpochMilli()));
    }

    @Test
    void cancelledDeadlinesNeverFire() {
        String d1 = id("d1");
        deadlines.schedule(new Deadline(d1, "test", Instant.now().minusMillis(1), ""));
        assertThat(deadlines.cancel(d1)).isTrue();
        assertThat(claimed(d1)).isEmpty();
        assertThat(deadlines.cancel(d1)).isFalse();
    }

    @Test
    void ofTwoClaimsRacingForOneDeadline_exactlyOneWins() throws Exception {
        String d1 = id("race");
        deadlines.schedule(new Deadline(d1, "test", Instant.now().minusMillis(1), ""));
        var first = java.util.concurrent.CompletableFuture.supplyAsync(() -> claimed(d1).size());
        var second = java.util.concurrent.CompletableFuture.supplyAsync(() -> claimed(d1).size());
        assertThat(first.get() + second.get()).isEqualTo(1);
    }

    @Test
    void anOverdueUnclaimedDeadline_showsAsLag_untilClaimed() {
        String d1 = id("lagging");
        deadlines.schedule(new Deadline(d1, "test", Instant.now().minusSeconds(20), ""));
        assertThat(deadlines.lag()).isGreaterThanOrEqualTo(Duration.ofSeconds(20));
        claimed(d1);
        assertThat(deadlines.lag()).isLessThan(Duration.ofSeconds(20));
    }
}
