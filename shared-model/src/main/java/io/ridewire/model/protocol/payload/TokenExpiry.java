package io.ridewire.model.protocol.payload;

import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.time.Instant;

/** {@code auth.expiring} and {@code auth.refreshed}: when the session's token expires. */
@Serdeable(naming = SnakeCaseStrategy.class)
public record TokenExpiry(Instant expiresAt) {
}
