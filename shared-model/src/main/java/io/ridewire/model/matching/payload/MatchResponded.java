package io.ridewire.model.matching.payload;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

/** {@code data} of the NATS {@code match.response} event: a driver's or passenger's answer to a proposal. */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MatchResponded(String matchId, String userId, String userType, String response, String reason,
                             long responseTimeSeconds) {
    public static final String ACCEPTED = "accepted";
    public static final String REJECTED = "rejected";
}
