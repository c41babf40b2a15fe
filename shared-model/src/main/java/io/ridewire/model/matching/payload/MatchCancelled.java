package io.ridewire.model.matching.payload;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.time.Instant;

/** {@code match.cancelled}: the match (or, for a driver, their proposal) ended without a booking. */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MatchCancelled(String matchId, String cancelledBy, String reason, String message, Instant cancelledAt) {
}
