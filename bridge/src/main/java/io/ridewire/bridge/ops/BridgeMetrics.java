package io.ridewire.bridge.ops;

import java.util.concurrent.atomic.AtomicLong;

/** Counters the bridge exposes on /metrics. */
public final class BridgeMetrics {
    public final AtomicLong messages = new AtomicLong();
    public final AtomicLong deliveries = new AtomicLong();
    public final AtomicLong gone = new AtomicLong();
    public final AtomicLong failures = new AtomicLong();
    public final AtomicLong deduplicated = new AtomicLong();
    public final AtomicLong retried = new AtomicLong();
    public final AtomicLong deadLettered = new AtomicLong();
    public final AtomicLong ignoredOwn = new AtomicLong();
}
