package io.ridewire.bridge;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

class LanesTest {
    @Test
    void workOfOneKey_runsInTheOrderGiven_evenWhenEarlierWorkIsSlower() throws Exception {
        Lanes lanes = new Lanes();
        List<Integer> done = new CopyOnWriteArrayList<>();
        CountDownLatch all = new CountDownLatch(50);
        for (int i = 0; i < 50; i++) {
            int n = i;
            lanes.run("user-a", () -> {
                LockSupport.parkNanos((50 - n) * 100_000L); // earlier work takes longer
                done.add(n);
                all.countDown();
            });
        }

        assertThat(all.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(done).isSorted().hasSize(50);
    }

    @Test
    void aBlockedKey_delaysNoOtherKey_andAFailureDoesNotStopItsLane() throws Exception {
        Lanes lanes = new Lanes();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch other = new CountDownLatch(1);
        CountDownLatch afterFailure = new CountDownLatch(1);
        lanes.run("slow", () -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        lanes.run("other", () -> {
            throw new IllegalStateException("a relay that failed");
        });
        lanes.run("other", other::countDown);
        lanes.run("other", afterFailure::countDown);

        assertThat(other.await(5, TimeUnit.SECONDS)).as("not behind the slow key").isTrue();
        assertThat(afterFailure.await(5, TimeUnit.SECONDS)).isTrue();
        release.countDown();
    }

    @Test
    void unkeyedWork_runsAtOnce() throws Exception {
        Lanes lanes = new Lanes();
        CountDownLatch ran = new CountDownLatch(1);
        CountDownLatch blocked = new CountDownLatch(1);
        lanes.run(null, () -> {
            try {
                blocked.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        lanes.run(null, ran::countDown);

        assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
        blocked.countDown();
    }
}
