package io.ridewire.functions.concurrent;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.function.Function;

/**
 * Runs independent steps side by side on virtual threads and waits for all of them, so a caller's latency is its
 * slowest step rather than their sum. The first failure (an exception or an error) is rethrown only once every step
 * has finished: nothing a caller started is still running when it hears of the failure.
 */
public final class Concurrently {
    private static final ExecutorService THREADS = Executors.newVirtualThreadPerTaskExecutor();

    private Concurrently() {
    }

    /** Runs the steps at once (the first on the calling thread) and waits for all. */
    public static void run(Runnable... steps) {
        List<CompletableFuture<Void>> running = new ArrayList<>(steps.length);
        for (int i = 1; i < steps.length; i++) {
            running.add(CompletableFuture.runAsync(steps[i], THREADS));
        }
        Throwable failure = null;
        try {
            steps[0].run();
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        joinAll(running, failure);
    }

    /**
     * Applies {@code each} to every item, at most {@code atOnce} at a time, and returns the results in the items'
     * order. A single item runs on the calling thread.
     */
    public static <T, R> List<R> map(Collection<T> items, int atOnce, Function<? super T, ? extends R> each) {
        if (items.size() < 2) {
            return items.stream().<R>map(each).toList();
        }
        Semaphore slots = new Semaphore(atOnce);
        List<CompletableFuture<R>> running = new ArrayList<>(items.size());
        for (T item : items) {
            running.add(CompletableFuture.supplyAsync(() -> inSlot(slots, () -> each.apply(item)), THREADS));
        }
        return joinAll(running, null);
    }

    private static <R> R inSlot(Semaphore slots, java.util.function.Supplier<R> work) {
        slots.acquireUninterruptibly();
        try {
            return work.get();
        } finally {
            slots.release();
        }
    }

    private static <R> List<R> joinAll(List<CompletableFuture<R>> running, Throwable earlier) {
        Throwable failure = earlier;
        List<R> results = new ArrayList<>(running.size());
        for (CompletableFuture<R> step : running) {
            try {
                results.add(step.join());
            } catch (CompletionException e) {
                if (failure == null) {
                    failure = e.getCause() == null ? e : e.getCause();
                }
            }
        }
        switch (failure) {
            case null -> {
                return results;
            }
            case RuntimeException r -> throw r;
            case Error e -> throw e;
            default -> throw new IllegalStateException(failure); // a step's checked exception, thrown sneakily
        }
    }
}
