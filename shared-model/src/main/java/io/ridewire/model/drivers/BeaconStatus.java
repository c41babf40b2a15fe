package io.ridewire.model.drivers;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.time.Instant;

/** {@code beacon.status}: the sender's beacon as recorded, with the location's 6-character geohash. */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BeaconStatus(String userId, boolean isActive, String userType, HashedLocation location, Instant updatedAt) {
}
