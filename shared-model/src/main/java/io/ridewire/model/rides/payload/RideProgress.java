package io.ridewire.model.rides.payload;

import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.ridewire.model.geo.GeoPoint;

import java.time.Instant;

/** {@code ride.progress}, to both parties at the configured interval while the driver's fixes arrive. */
@Serdeable(naming = SnakeCaseStrategy.class)
public record RideProgress(String rideId, GeoPoint currentLocation, double distanceTraveledKm, int durationMinutes,
                           long currentFare, int estimatedRemainingTimeMinutes, double estimatedRemainingDistanceKm,
                           Instant timestamp) {
}
