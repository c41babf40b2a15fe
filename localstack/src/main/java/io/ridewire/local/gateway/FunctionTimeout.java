package io.ridewire.local.gateway;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Runs a function with its Lambda timeout: past it the caller gets {@link TimedOut} at once, as API Gateway gets a
 * failed integration from a function Lambda stopped. The function's thread is interrupted; a JVM cannot end it the
 * way Lambda ends its process, so a handler that ignores the interrupt runs on, and what it answers is dropped.
 */
final class FunctionTimeout {
    private FunctionTimeout() {
    }

    /** A function stopped at its timeout, in Lambda's words. */
    static final class TimedOut extends RuntimeException {
        TimedOut(Duration limit) {
            super(String.format(Locale.ROOT, "Task timed out after %.2f seconds", limit.toMillis() / 1000.0));
        }
    }

    static <T> T within(Duration limit, Supplier<T> function) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread worker = Thread.ofVirtual().name("function").start(() -> {
            try {
                result.complete(function.get());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        try {
            return result.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            worker.interrupt();
            throw new TimedOut(limit);
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case RuntimeException failure -> throw failure;
                case Error error -> throw error;
                default -> throw new IllegalStateException(e.getCause());
            }
        } catch (InterruptedException e) {
            worker.interrupt();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while a function ran", e);
        }
    }
}
