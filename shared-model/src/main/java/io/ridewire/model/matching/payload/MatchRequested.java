package io.ridewire.model.matching.payload;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.ridewire.model.matching.PersonInfo;
import io.ridewire.model.matching.Place;

import java.time.Instant;

/** {@code data} of the NATS {@code match.request} event. */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MatchRequested(
        String matchRequestId,
        String passengerId,
        Place pickupLocation,
        Place destinationLocation,
        RequestedPreferences preferences,
        PersonInfo passengerInfo,
        Instant expiresAt) {

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RequestedPreferences(String vehicleType, double maxDistanceKm, double maxWaitMinutes) {
    }
}
