package io.ridewire.model.matching.payload;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.ridewire.model.matching.Place;

import java.time.Instant;

/** {@code match.proposal}: sent to the proposed driver and to the passenger; the driver answers by {@code expires_at}. */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MatchProposal(
        String matchId,
        String driverId,
        String passengerId,
        Place pickupLocation,
        Place destinationLocation,
        double estimatedDistanceKm,
        int estimatedDurationMinutes,
        long estimatedFare,
        DriverInfo driverInfo,
        Instant expiresAt) {

    /** What the passenger sees of the proposed driver. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DriverInfo(String name, String vehicleType, String licensePlate, Double rating) {
    }
}
