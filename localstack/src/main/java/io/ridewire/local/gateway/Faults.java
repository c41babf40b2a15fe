package io.ridewire.local.gateway;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Failures injected on demand into the management API, so tests can see how senders cope with a gateway that
 * fails transiently (API Gateway does answer 500 and 429 now and then), and into {@code $disconnect}, which API
 * Gateway invokes once and never again when the integration fails.
 */
public final class Faults {
    private final AtomicInteger failPosts = new AtomicInteger();
    private final AtomicInteger failDisconnects = new AtomicInteger();
    private final AtomicInteger failDeletes = new AtomicInteger();
    private final AtomicInteger slowInvocations = new AtomicInteger();
    private volatile int status = 500;
    private volatile String slowRoute = "";
    private volatile Duration slowness = Duration.ZERO;

    /** The next {@code count} POSTs to {@code @connections} fail with {@code status}. */
    public void failNextPosts(int count, int status) {
        this.status = status;
        failPosts.set(count);
    }

    /** The next {@code count} DELETEs of {@code @connections} (closing a connection) fail with {@code status}. */
    public void failNextDeletes(int count, int status) {
        this.status = status;
        failDeletes.set(count);
    }

    /** The next {@code count} {@code $disconnect} invocations fail before the handler runs (a failed integration). */
    public void failNextDisconnects(int count) {
        failDisconnects.set(count);
    }

    /** The next {@code count} invocations of {@code routeKey} wait {@code delay} before their handler runs. */
    public void slowNext(String routeKey, int count, Duration delay) {
        this.slowRoute = routeKey;
        this.slowness = delay;
        slowInvocations.set(count);
    }

    public void clear() {
        failPosts.set(0);
        failDisconnects.set(0);
        failDeletes.set(0);
        slowInvocations.set(0);
    }

    /** The status to fail this POST with, or 0 to let it through. */
    int takePostFailure() {
        return take(failPosts) ? status : 0;
    }

    /** The status to fail this DELETE with, or 0 to let it through. */
    int takeDeleteFailure() {
        return take(failDeletes) ? status : 0;
    }

    /** True when this {@code $disconnect} is to fail. */
    boolean takeDisconnectFailure() {
        return take(failDisconnects);
    }

    /** How long this invocation of {@code routeKey} is to wait before its handler runs. */
    Duration takeDelay(String routeKey) {
        return slowRoute.equals(routeKey) && take(slowInvocations) ? slowness : Duration.ZERO;
    }

    private static boolean take(AtomicInteger failures) {
        while (true) {
            int left = failures.get();
            if (left <= 0) {
                return false;
            }
            if (failures.compareAndSet(left, left - 1)) {
                return true;
            }
        }
    }

    public int pendingPostFailures() {
        return Math.max(0, failPosts.get());
    }

    public int pendingDeleteFailures() {
        return Math.max(0, failDeletes.get());
    }

    public int pendingDisconnectFailures() {
        return Math.max(0, failDisconnects.get());
    }
}
