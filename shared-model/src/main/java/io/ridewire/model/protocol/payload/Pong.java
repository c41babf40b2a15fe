package io.ridewire.model.protocol.payload;

import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.time.Instant;

/** {@code pong}: the answer to {@code ping}, with the server's clock. */
@Serdeable(naming = SnakeCaseStrategy.class)
public record Pong(Instant timestamp) {
}
