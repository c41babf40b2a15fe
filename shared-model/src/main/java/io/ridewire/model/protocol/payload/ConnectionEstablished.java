package io.ridewire.model.protocol.payload;

import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.time.Instant;

/** {@code connection.established}: sent right after the handshake. */
@Serdeable(naming = SnakeCaseStrategy.class)
public record ConnectionEstablished(String userId, String role, String connectionId, Instant timestamp) {
}
