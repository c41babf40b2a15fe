package io.ridewire.model.drivers;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

/** A position with its geohash, as {@code beacon.status} and {@code location.driver.available} show it. */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HashedLocation(double latitude, double longitude, String geohash) {
}
