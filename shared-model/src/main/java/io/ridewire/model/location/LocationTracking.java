package io.ridewire.model.location;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.time.Instant;

/**
 * {@code location.tracking}: the booked driver's position, to the passenger, from {@code match.confirmed} to the
 * ride's end (sent by the rides capability). {@code distance_from_pickup_km} is always the straight-line distance
 * between the driver and the pickup; {@code estimated_arrival_minutes} is the time to the pickup before the ride
 * starts and to the destination during it. {@code match_id} is added to the spec's fields; {@code ride_id} is absent
 * until the ride has started.
 */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LocationTracking(String rideId, String matchId, String userId, String userType, Reading location,
                               Double distanceFromPickupKm, Integer estimatedArrivalMinutes, Instant timestamp) {
}
