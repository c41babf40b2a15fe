package io.ridewire.functions.drivers;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.time.Instant;

/** A driver's last reported position ({@code driver:location_update}). */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DriverPosition(double lat, double lng, Double heading, Double speed, Instant updatedAt) {
}
