package io.ridewire.bridge;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Runs work on virtual threads, one after another for one key and side by side across keys: the messages of one
 * route to one audience are relayed in their stream order (a user's inbox gets them under ascending seqs, a
 * connection its frames in that order), while a slow audience delays no other.
 */
final class Lanes {
    private static final Executor VIRTUAL = command -> Thread.ofVirtual().start(command);

    private final Map<String, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();

    /** Runs {@code work} after the work already queued under {@code key}; at once when {@code key} is null. */
    void run(String key, Runnable work) {
        if (key == null) {
            VIRTUAL.execute(work);
            return;
        }
        CompletableFuture<Void> next = tails.compute(key, (k, tail) -> (tail == null
                ? CompletableFuture.<Void>completedFuture(null) : tail.exceptionally(failed -> null))
                .thenRunAsync(work, VIRTUAL));
        next.whenComplete((done, failed) -> tails.remove(key, next)); // the lane goes once its last work is done
    }
}
