package io.ridewire.functions.presence;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/** {@code ridewire.connections.*}: session policy and row lifetime. */
@ConfigurationProperties("ridewire.connections")
public interface ConnectionSettings {

    /** Allow several open connections per user ({@code RIDEWIRE_CONNECTIONS_MULTIPLE_SESSIONS}); off: a new one closes the old. */
    @Bindable(defaultValue = "false")
    boolean isMultipleSessions();

    /** How long connection rows live past {@code connectedAt}: beyond the gateway's 2 h maximum, so TTL only reaps leftovers. */
    @Bindable(defaultValue = "135m")
    Duration getRowTtl();

    /**
     * How long after {@code connectedAt} a 410 is not taken for "gone": the gateway answers 410 until {@code $connect}
     * has returned, and that socket is about to open ({@code RIDEWIRE_CONNECTIONS_HANDSHAKE_GRACE}).
     */
    @Bindable(defaultValue = "30s")
    Duration getHandshakeGrace();
}
