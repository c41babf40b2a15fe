package io.ridewire.model.matching.payload;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.ridewire.model.matching.Place;

import java.time.Instant;

/** {@code data} of the NATS {@code match.confirmed} event, for the rides and users services. */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MatchConfirmedData(String matchId, String driverId, String passengerId, Place pickupLocation,
                                 Place destinationLocation, Instant confirmedAt, Instant estimatedPickupTime) {
}
