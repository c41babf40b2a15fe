package io.ridewire.model.rides.payload;

import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.ridewire.model.billing.Billing;
import io.ridewire.model.matching.Place;

import java.time.Instant;

/** {@code ride.completed}, to both parties, with the final bill. */
@Serdeable(naming = SnakeCaseStrategy.class)
public record RideCompleted(String rideId, String driverId, String passengerId, Place startLocation, Place endLocation,
                            double totalDistanceKm, int totalDurationMinutes, Billing billing, Instant completedAt) {
}
