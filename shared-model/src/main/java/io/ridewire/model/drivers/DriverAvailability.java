package io.ridewire.model.drivers;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

/**
 * {@code data} of {@code location.driver.available}: the spec's fields that Ridewire knows (no capacity or
 * service area: apps do not send them).
 */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DriverAvailability(String driverId, boolean isAvailable, HashedLocation location, VehicleInfo vehicleInfo) {

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record VehicleInfo(String type, String licensePlate) {
    }
}
