package io.ridewire.model.events;

import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.time.Instant;

/**
 * {@code data} of {@code user.session.started}: the spec's fields, with the session id being the WebSocket
 * connection id, plus the role the connection was authorized as.
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record SessionStarted(String userId, String sessionId, String role, Instant startedAt) {
}
