package io.ridewire.bridge.sweeper;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/** {@code ridewire.connections.sweep.*}: how the long-lived processes sweep rows of connections that are gone. */
@ConfigurationProperties("ridewire.connections.sweep")
public interface SweepSettings {

    /** Run the sweeper in the bridge and the local stack ({@code RIDEWIRE_CONNECTIONS_SWEEP_ENABLED}). */
    @Bindable(defaultValue = "true")
    boolean isEnabled();

    /** Pause between two passes; each pass scans the connections table once. */
    @Bindable(defaultValue = "30s")
    Duration getInterval();

    /** How often each connection's existence is checked with the gateway ({@code GET @connections/{id}}). */
    @Bindable(defaultValue = "10m")
    Duration getProbeInterval();

    /** At most this many gateway checks a pass, so a large table costs a bounded rate of management API calls. */
    @Bindable(defaultValue = "1000")
    int getProbesPerPass();

    /** Gateway checks in flight at once. */
    @Bindable(defaultValue = "16")
    int getProbeConcurrency();
}
