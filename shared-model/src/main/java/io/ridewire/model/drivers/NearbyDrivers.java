package io.ridewire.model.drivers;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.time.Instant;
import java.util.List;

/** {@code beacon.nearby_drivers}: available drivers around an active passenger, nearest first. */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NearbyDrivers(String passengerId, List<NearbyDriver> drivers, double searchRadiusKm, Instant timestamp) {

    /** One driver: {@code rating} is omitted when unknown. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record NearbyDriver(String driverId, double distanceKm, int estimatedArrivalMinutes, String vehicleType,
                               Double rating) {
    }
}
