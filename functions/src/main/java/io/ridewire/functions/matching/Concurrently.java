package io.ridewire.functions.matching;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs independent steps side by side on virtual threads and waits for all of them, so a handler's latency is its
 * slowest step rather than their sum; the first failure is rethrown once all have finished.
 */
final class Concurrently {
    private static final ExecutorService THREADS = Executors.newVirtualThreadPerTaskExecutor();

    private Concurrently() {
    }

    static void run(Runnable... steps) {
        List<CompletableFuture<Void>> running = new ArrayList<>(steps.length);
        for (int i = 1; i < steps.length; i++) {
            running.add(CompletableFuture.runAsync(steps[i], THREADS));
        }
        RuntimeException failure = null;
        try {
            steps[0].run();
        } catch (RuntimeException e) {
            failure = e;
        }
        for (CompletableFuture<Void> step : running) {
            try {
                step.join();
            } catch (CompletionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof RuntimeException r ? r : e;
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
