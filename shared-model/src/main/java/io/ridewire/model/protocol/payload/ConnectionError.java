package io.ridewire.model.protocol.payload;

import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.time.Instant;

/** {@code connection.error}: the connection hit a server-side problem (codes AUTH_ERROR, INTERNAL_ERROR …). */
@Serdeable(naming = SnakeCaseStrategy.class)
public record ConnectionError(String error, String code, Instant timestamp) {
    /** The session's token expired without a refresh: the connection is closed right after this message. */
    public static final String AUTH_EXPIRED = "AUTH_EXPIRED";
    /** {@code auth.refresh} carried a bad token, another subject or another role; the session is unchanged. */
    public static final String AUTH_REFRESH_REFUSED = "AUTH_REFRESH_REFUSED";
    /** A newer connection of the same user took the session over: this one is closed right after (do not reconnect). */
    public static final String SESSION_REPLACED = "SESSION_REPLACED";
}
