package io.ridewire.bridge;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

class LanesTest {
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(5);
    private static final Runnable NOTHING = () -> { };

    private final MovableClock clock = new MovableClock();
    private final Lanes lanes = new Lanes(clock, KEEP_ALIVE);

    private static Runnable awaiting(CountDownLatch latch) {
        return () -> {
            try {
                latch.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    @Test
    void workOfOneKey_runsInTheOrderGiven_evenWhenEarlierWorkIsSlower() throws Exception {
        List<Integer> done = new CopyOnWriteArrayList<>();
        CountDownLatch all = new CountDownLatch(50);
        for (int i = 0; i < 50; i++) {
            int n = i;
            lanes.run("user-a", () -> {
                LockSupport.parkNanos((50 - n) * 100_000L); // earlier work takes longer
                done.add(n);
                all.countDown();
            }, NOTHING);
        }

        assertThat(all.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(done).isSorted().hasSize(50);
    }

    @Test
    void aBlockedKey_delaysNoOtherKey_andAFailureDoesNotStopItsLane() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch other = new CountDownLatch(1);
        CountDownLatch afterFailure = new CountDownLatch(1);
        lanes.run("slow", awaiting(release), NOTHING);
        lanes.run("other", () -> {
            throw new IllegalStateException("a relay that failed");
        }, NOTHING);
        lanes.run("other", other::countDown, NOTHING);
        lanes.run("other", afterFailure::countDown, NOTHING);

        assertThat(other.await(5, TimeUnit.SECONDS)).as("not behind the slow key").isTrue();
        assertThat(afterFailure.await(5, TimeUnit.SECONDS)).isTrue();
        release.countDown();
    }

    @Test
    void unkeyedWork_runsAtOnce() throws Exception {
        CountDownLatch ran = new CountDownLatch(1);
        CountDownLatch blocked = new CountDownLatch(1);
        lanes.run(null, awaiting(blocked), NOTHING);
        lanes.run(null, ran::countDown, NOTHING);

        assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
        blocked.countDown();
    }

    @Test
    void workQueuedBehindSlowWork_isKeptAliveEveryInterval_untilItRuns() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch queuedRan = new CountDownLatch(1);
        AtomicInteger slowKeptAlive = new AtomicInteger();
        AtomicInteger queuedKeptAlive = new AtomicInteger();
        AtomicInteger keptAliveWhenItRan = new AtomicInteger(-1);
        lanes.run("user-a", () -> {
            started.countDown();
            awaiting(release).run();
        }, slowKeptAlive::incrementAndGet);
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        lanes.run("user-a", () -> {
            keptAliveWhenItRan.set(queuedKeptAlive.get());
            queuedRan.countDown();
        }, queuedKeptAlive::incrementAndGet);

        clock.advance(KEEP_ALIVE.minusMillis(1));
        lanes.keepWaitingAlive();
        assertThat(queuedKeptAlive).as("not due yet").hasValue(0);
        clock.advance(Duration.ofMillis(1));
        lanes.keepWaitingAlive();
        lanes.keepWaitingAlive();
        assertThat(queuedKeptAlive).as("once per interval").hasValue(1);
        for (int i = 0; i < 7; i++) {
            clock.advance(KEEP_ALIVE);
            lanes.keepWaitingAlive();
        }
        assertThat(queuedKeptAlive).as("kept alive for as long as it waits").hasValue(8);

        release.countDown();
        assertThat(queuedRan.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(keptAliveWhenItRan).hasValue(8);
        clock.advance(KEEP_ALIVE);
        lanes.keepWaitingAlive();
        assertThat(queuedKeptAlive).as("running, it keeps itself alive").hasValue(8);
        assertThat(slowKeptAlive).as("work that runs at once never waited").hasValue(0);
        assertThat(lanes.waiting()).isZero();
    }

    @Test
    void aKeepAliveThatThrows_stopsNoOtherOne() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger keptAlive = new AtomicInteger();
        lanes.run("user-a", awaiting(release), NOTHING);
        lanes.run("user-a", NOTHING, () -> {
            throw new IllegalStateException("connection closed");
        });
        lanes.run("user-a", NOTHING, keptAlive::incrementAndGet);

        clock.advance(KEEP_ALIVE);
        lanes.keepWaitingAlive();

        assertThat(keptAlive).hasValue(1);
        release.countDown();
    }

    /** A clock that stands still until the test moves it. */
    private static final class MovableClock extends Clock {
        private volatile Instant now = Instant.parse("2026-12-02T10:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
