package io.ridewire.model.matching.payload;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.ridewire.model.geo.GeoPoint;
import io.ridewire.model.matching.PersonInfo;
import io.ridewire.model.matching.Place;

import java.time.Instant;

/** {@code match.confirmed}: both sides accepted; sent to both. */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MatchConfirmed(
        String matchId,
        String driverId,
        String passengerId,
        Place pickupLocation,
        DriverInfo driverInfo,
        PersonInfo passengerInfo,
        int estimatedPickupTimeMinutes,
        Instant confirmedAt) {

    /** The booked driver, with where they are now. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DriverInfo(String name, String phone, String vehicleType, String licensePlate,
                             GeoPoint currentLocation) {
    }
}
