package io.ridewire.protocol.payload;

import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.time.Instant;

/** {@code connection.error}: the connection hit a server-side problem (codes AUTH_ERROR, INTERNAL_ERROR …). */
@Serdeable(naming = SnakeCaseStrategy.class)
public record ConnectionError(String error, String code, Instant timestamp) {
}
