package io.ridewire.functions.aws;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * The timers of the management API's call timeouts. The SDK's own scheduler keeps each cancelled timer queued until
 * it would have fired and wakes a thread for it, once per post; here a call that completes removes its timer at once.
 */
@Singleton
public final class ManagementTimers {
    private final ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1,
            Thread.ofPlatform().name("management-timers").daemon().factory());

    public ManagementTimers() {
        timers.setRemoveOnCancelPolicy(true);
        timers.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    ScheduledExecutorService executor() {
        return timers;
    }

    /** Timers armed and not yet fired or cancelled: one per call in flight. */
    public int pending() {
        return timers.getQueue().size();
    }

    @PreDestroy
    void shutdown() {
        timers.shutdownNow();
    }
}
