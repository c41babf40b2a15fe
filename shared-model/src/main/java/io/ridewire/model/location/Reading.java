package io.ridewire.model.location;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

/** A GPS fix as {@code location.update} carries it; the optional readings are omitted when absent. */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Reading(double latitude, double longitude, Double accuracy, Double speed, Double heading, Double altitude) {
}
