package io.ridewire.functions.deadlines;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/** {@code ridewire.deadlines.*}: how often due deadlines are looked for, how long a claim holds, when the poller counts as behind. */
@ConfigurationProperties("ridewire.deadlines")
public interface DeadlineSettings {

    /** Poll interval; deadlines fire at most this late (plus handling). */
    @Bindable(defaultValue = "100ms")
    Duration getPollInterval();

    /**
     * Deadlines due this soon are claimed ahead and fired by their poller at their due time, so they fire on time
     * however slow the store is; a poller killed meanwhile leaves them to fire after the lease.
     */
    @Bindable(defaultValue = "1s")
    Duration getLookahead();

    /** A claimed deadline fires again after this long if its handler did not finish (the poller died). */
    @Bindable(defaultValue = "30s")
    Duration getLease();

    /**
     * A deadline whose handler failed fires again after this long, for its first 60 failures in a row; then after twice
     * as long each time, up to 5 minutes ({@link RetryBackoff}), until it succeeds.
     */
    @Bindable(defaultValue = "1s")
    Duration getRetryDelay();

    /**
     * Shards of the {@code by_due} index: every poll queries each, so more shards spread write load in AWS at the
     * cost of more reads per poll (one shard takes about a thousand deadline writes a second).
     */
    @Bindable(defaultValue = "1")
    int getShards();

    /** Health reports the poller DEGRADED when a deadline is overdue by more than this. */
    @Bindable(defaultValue = "5s")
    Duration getMaxLag();

    /** Health reports the deadlines DEGRADED when one has been failing (every firing since) for longer than this. */
    @Bindable(defaultValue = "2m")
    Duration getMaxFailing();

    /**
     * An outbox entry is run at once by its writer; the poller runs it only after this grace (so both seldom run
     * it), and after every failure.
     */
    @Bindable(defaultValue = "2s")
    Duration getOutboxGrace();

    /** Most deadlines claimed per poll (per shard). */
    @Bindable(defaultValue = "100")
    int getBatchSize();
}
