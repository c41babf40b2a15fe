package io.ridewire.model.matching.payload;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.time.Instant;

/** {@code data} of the NATS {@code match.cancelled} event. */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MatchCancelledData(String matchId, String cancelledBy, String reason, String message, String driverId,
                                 String passengerId, Instant cancelledAt) {
}
