package io.ridewire.functions.matching;

import io.micronaut.context.ApplicationContext;
import io.ridewire.functions.testing.ServiceContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ordering of a booking's confirmation and cancellation effects, against the real Redis (127.0.0.1:6379 or
 * RIDEWIRE_TEST_REDIS_URI) under a key prefix of its own. The end-to-end race (MatchCancelIT) rarely hits the
 * overlap, since the cancellation's retry usually lets the confirmation finish first; here it is forced.
 */
class BookingEffectsTest {
    private ApplicationContext context;
    private BookingEffects effects;

    @BeforeEach
    void start() {
        context = ApplicationContext.run(Map.of("ridewire.redis.uri", ServiceContext.redisUri(),
                "ridewire.redis.key-prefix", "be-" + UUID.randomUUID() + ":"));
        effects = context.getBean(BookingEffects.class);
    }

    @AfterEach
    void stop() {
        context.close();
    }

    @Test
    void aCancellation_waitsForAConfirmationInProgress_andRunsAfterIt() throws Exception {
        List<String> done = new CopyOnWriteArrayList<>();
        CountDownLatch confirming = new CountDownLatch(1);
        CompletableFuture<Boolean> confirmation = CompletableFuture.supplyAsync(() -> effects.confirming("m-1", () -> {
            confirming.countDown();
            sleep(400);
            done.add("confirmed");
        }));
        assertThat(confirming.await(30, TimeUnit.SECONDS)).isTrue();
        effects.ending("m-1", () -> done.add("cancelled"));
        assertThat(confirmation.get(30, TimeUnit.SECONDS)).isTrue();
        assertThat(done).containsExactly("confirmed", "cancelled");
    }

    @Test
    void aConfirmationCarriedOutAfterTheCancellation_doesNothing() {
        effects.ending("m-1", () -> {
        });
        List<String> done = new CopyOnWriteArrayList<>();
        assertThat(effects.confirming("m-1", () -> done.add("confirmed"))).isFalse();
        assertThat(done).isEmpty();
    }

    @Test
    void otherMatches_areNeitherHeldNorMarked() throws Exception {
        CountDownLatch confirming = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Boolean> held = CompletableFuture.supplyAsync(() -> effects.confirming("m-1", () -> {
            confirming.countDown();
            await(release);
        }));
        assertThat(confirming.await(30, TimeUnit.SECONDS)).isTrue();
        long started = System.nanoTime();
        effects.ending("m-2", () -> {
        });
        // held, m-1 would keep m-2 waiting for 30 s; the bound leaves room for a loaded machine
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).as("not blocked by m-1").isLessThan(10_000);
        assertThat(effects.confirming("m-3", () -> {
        })).isTrue();
        release.countDown();
        assertThat(held.get(30, TimeUnit.SECONDS)).isTrue();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
