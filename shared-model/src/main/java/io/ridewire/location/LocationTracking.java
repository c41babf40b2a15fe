package io.ridewire.location;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.time.Instant;

/** {@code location.tracking}: the other party's position during a ride (sent by the rides capability). */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LocationTracking(String rideId, String userId, String userType, Reading location,
                               Double distanceFromPickupKm, Integer estimatedArrivalMinutes, Instant timestamp) {
}
