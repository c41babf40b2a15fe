package io.ridewire.functions.concurrent;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConcurrentlyTest {

    @Test
    void mapKeepsTheItemsOrderAndRunsNoMoreThanAskedAtOnce() {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        List<Integer> squares = Concurrently.map(IntStream.range(0, 40).boxed().toList(), 3, n -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            sleep(5);
            running.decrementAndGet();
            return n * n;
        });
        assertThat(squares).isEqualTo(IntStream.range(0, 40).map(n -> n * n).boxed().toList());
        assertThat(most.get()).isBetween(2, 3);
    }

    @Test
    void aFailureIsRethrownOnlyAfterEveryOtherItemFinished() {
        AtomicInteger finished = new AtomicInteger();
        assertThatThrownBy(() -> Concurrently.map(IntStream.range(0, 10).boxed().toList(), 10, n -> {
            if (n == 0) {
                throw new IllegalStateException("first fails at once");
            }
            sleep(50);
            return finished.incrementAndGet();
        })).isInstanceOf(IllegalStateException.class).hasMessage("first fails at once");
        assertThat(finished.get()).isEqualTo(9);
    }

    @Test
    void runStartsEveryStepBeforeWaitingAndRethrowsTheCallersFailureAfterTheOthers() throws Exception {
        CountDownLatch bothStarted = new CountDownLatch(2);
        AtomicInteger finished = new AtomicInteger();
        // each step waits for the other to start: run in sequence, this would time out
        Concurrently.run(() -> meet(bothStarted), () -> meet(bothStarted));
        assertThatThrownBy(() -> Concurrently.run(() -> {
            throw new IllegalArgumentException("caller's step");
        }, () -> {
            sleep(50);
            finished.incrementAndGet();
        })).isInstanceOf(IllegalArgumentException.class);
        assertThat(finished.get()).isEqualTo(1);
    }

    @Test
    void anErrorInTheCallersStep_isRethrownAsItIs_afterTheOthers() {
        AtomicInteger finished = new AtomicInteger();
        assertThatThrownBy(() -> Concurrently.run(() -> {
            throw new AssertionError("caller's step");
        }, () -> {
            sleep(50);
            finished.incrementAndGet();
        })).isInstanceOf(AssertionError.class).hasMessage("caller's step");
        assertThat(finished.get()).isEqualTo(1);
    }

    private static void meet(CountDownLatch latch) {
        latch.countDown();
        try {
            assertThat(latch.await(5, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
