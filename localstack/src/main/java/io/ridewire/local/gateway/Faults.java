package io.ridewire.local.gateway;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Failures injected on demand into the management API, so tests can see how senders cope with a gateway that
 * fails transiently (API Gateway does answer 500 and 429 now and then).
 */
public final class Faults {
    private final AtomicInteger failPosts = new AtomicInteger();
    private volatile int status = 500;

    /** The next {@code count} POSTs to {@code @connections} fail with {@code status}. */
    public void failNextPosts(int count, int status) {
        this.status = status;
        failPosts.set(count);
    }

    public void clear() {
        failPosts.set(0);
    }

    /** The status to fail this POST with, or 0 to let it through. */
    int takePostFailure() {
        while (true) {
            int left = failPosts.get();
            if (left <= 0) {
                return 0;
            }
            if (failPosts.compareAndSet(left, left - 1)) {
                return status;
            }
        }
    }

    public int pendingPostFailures() {
        return Math.max(0, failPosts.get());
    }
}
