package io.ridewire.model.protocol.payload;

import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.time.Instant;

/** {@code error.rate_limit}: the message was not processed. */
@Serdeable(naming = SnakeCaseStrategy.class)
public record RateLimitError(
        String error,
        String originalEventType,
        long limit,
        long windowSeconds,
        long retryAfterSeconds,
        Instant timestamp) {
}
