package io.ridewire.bridge;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Runs work on virtual threads, one after another for one key and side by side across keys: the messages of one
 * route to one audience are relayed in their stream order (a user's inbox gets them under ascending seqs, a
 * connection its frames in that order), while a slow audience delays no other. Work queued behind other work of its
 * key is kept alive while it waits ({@link #keepWaitingAlive}): its message's ack wait would otherwise run out in the
 * queue, and JetStream would hand it over again.
 */
final class Lanes {
    private static final Logger LOG = LoggerFactory.getLogger(Lanes.class);
    private static final Executor VIRTUAL = command -> Thread.ofVirtual().start(command);

    private final Map<String, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();
    private final Set<Waiting> waiting = ConcurrentHashMap.newKeySet();
    private final Clock clock;
    private final long keepAliveMillis;

    /** @param keepAliveEvery how long queued work waits between two runs of its keep-alive */
    Lanes(Clock clock, Duration keepAliveEvery) {
        this.clock = clock;
        this.keepAliveMillis = keepAliveEvery.toMillis();
    }

    /** Queued work and when its keep-alive is due next (identity, not value: two may look alike). */
    private static final class Waiting {
        final Runnable keepAlive;
        volatile long dueMillis;

        Waiting(Runnable keepAlive, long dueMillis) {
            this.keepAlive = keepAlive;
            this.dueMillis = dueMillis;
        }
    }

    /**
     * Runs {@code work} after the work already queued under {@code key}; at once when {@code key} is null. While it
     * waits behind other work, {@link #keepWaitingAlive} runs {@code keepAlive} every keep-alive interval.
     */
    void run(String key, Runnable work, Runnable keepAlive) {
        if (key == null) {
            VIRTUAL.execute(work);
            return;
        }
        CompletableFuture<Void> next = tails.compute(key, (k, tail) -> {
            if (tail == null) {
                return CompletableFuture.runAsync(work, VIRTUAL);
            }
            Waiting queued = new Waiting(keepAlive, clock.millis() + keepAliveMillis);
            waiting.add(queued);
            return tail.exceptionally(failed -> null).thenRunAsync(() -> {
                waiting.remove(queued); // running: its own steps keep the message alive from here
                work.run();
            }, VIRTUAL);
        });
        next.whenComplete((done, failed) -> tails.remove(key, next)); // the lane goes once its last work is done
    }

    /** Runs the keep-alive of every queued work that has waited an interval since it was queued or last kept alive. */
    void keepWaitingAlive() {
        long now = clock.millis();
        for (Waiting queued : waiting) {
            if (queued.dueMillis <= now) {
                queued.dueMillis = now + keepAliveMillis;
                try {
                    queued.keepAlive.run();
                } catch (RuntimeException e) {
                    LOG.debug("keep-alive of queued work failed: {}", e.toString());
                }
            }
        }
    }

    /** How much work waits behind other work of its key. */
    int waiting() {
        return waiting.size();
    }
}
