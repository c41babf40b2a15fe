package io.ridewire.deadlines;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/** {@code ridewire.deadlines.*}: how often due deadlines are looked for and how long a claim holds. */
@ConfigurationProperties("ridewire.deadlines")
public interface DeadlineSettings {

    /** Poll interval; deadlines fire at most this late (plus handling). */
    @Bindable(defaultValue = "100ms")
    Duration getPollInterval();

    /** A claimed deadline fires again after this long if its handler did not finish (the poller died). */
    @Bindable(defaultValue = "30s")
    Duration getLease();

    /** Most deadlines claimed per poll. */
    @Bindable(defaultValue = "100")
    int getBatchSize();
}
