package io.ridewire.model.rides.payload;

import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.ridewire.model.matching.Place;

import java.time.Instant;

/** {@code ride.started}, to the driver and the passenger. */
@Serdeable(naming = SnakeCaseStrategy.class)
public record RideStarted(String rideId, String matchId, String driverId, String passengerId, Place startLocation,
                          Place destinationLocation, long baseRatePerKm, Instant startedAt) {
}
