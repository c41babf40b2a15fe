package io.ridewire.model.rides.payload;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.ridewire.model.geo.GeoPoint;
import io.ridewire.model.matching.Place;

import java.math.BigDecimal;
import java.time.Instant;

/** The {@code data} of the NATS {@code ride.*} events, in the shapes of the event schemas (spec 002). */
public final class RideEventData {
    private RideEventData() {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    public record Pricing(long baseRatePerKm, long estimatedFare, String currency) {
    }

    /** {@code ride.created}: the ride exists (Ridewire creates it when the driver starts it). */
    @Serdeable(naming = SnakeCaseStrategy.class)
    public record Created(String rideId, String matchId, String driverId, String passengerId, Place pickupLocation,
                          Place destinationLocation, Pricing pricing, String status, Instant createdAt) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    public record Started(String rideId, String driverId, String passengerId, TimedPosition startLocation,
                          GeoPoint destinationLocation, String status, Instant startedAt) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    public record EstimatedRemaining(double distanceKm, int timeMinutes, long fare) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    public record Progress(String rideId, TimedPosition currentLocation, double distanceTraveledKm, int durationMinutes,
                           long currentFare, EstimatedRemaining estimatedRemaining, String status) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    public record TripSummary(double totalDistanceKm, int totalDurationMinutes, double averageSpeedKmh) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    public record Billing(long baseFare, BigDecimal adjustmentFactor, long adjustedFare, BigDecimal adminFeePercent,
                          long adminFee, long finalFare, String currency) {
        public static Billing of(io.ridewire.model.billing.Billing b, String currency) {
            return new Billing(b.baseFare(), b.adjustmentFactor(), b.adjustedFare(), b.adminFeePercent(), b.adminFee(),
                    b.finalFare(), currency);
        }
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    public record Completed(String rideId, String driverId, String passengerId, TimedPosition startLocation,
                            TimedPosition endLocation, TripSummary tripSummary, Billing billing, String status,
                            Instant completedAt) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Cancelled(String rideId, String driverId, String passengerId, String cancelledBy, String reason,
                            GeoPoint cancellationLocation, PartialBilling partialBilling, String status,
                            Instant cancelledAt) {
    }
}
