package io.ridewire.model.payments.payload;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.time.Instant;
import java.util.List;

/** The {@code data} of the NATS {@code payment.*} events, in the shapes of the event schemas (spec 002). */
public final class PaymentEventData {
    private PaymentEventData() {
    }

    /** {@code adjustment} is negative for a discount (adjusted fare − base fare). */
    @Serdeable(naming = SnakeCaseStrategy.class)
    public record Breakdown(long baseFare, long adjustment, long adminFee, long driverEarnings) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    public record Requested(String paymentId, String rideId, String passengerId, String driverId, long amount,
                            String currency, String kind, Breakdown breakdown, List<String> paymentMethods,
                            Instant expiresAt) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    public record Fees(long adminFee, long paymentGatewayFee) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    public record DriverPayout(long amount, String payoutMethod, String payoutId) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    public record Completed(String paymentId, String rideId, String passengerId, String driverId, long amount,
                            String currency, String paymentMethod, String transactionId, long processingTimeMs,
                            Fees fees, DriverPayout driverPayout, Instant completedAt) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Failed(String paymentId, String rideId, String passengerId, long amount, String currency,
                         String paymentMethod, String errorCode, String errorMessage, boolean retryAllowed,
                         int retryCount, Instant failedAt) {
    }
}
