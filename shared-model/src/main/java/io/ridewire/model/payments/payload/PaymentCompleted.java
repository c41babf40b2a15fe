package io.ridewire.model.payments.payload;

import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.time.Instant;

/** {@code payment.completed}, to the passenger and the driver. */
@Serdeable(naming = SnakeCaseStrategy.class)
public record PaymentCompleted(String paymentId, String rideId, long amount, String method, String transactionId,
                               long driverEarnings, long adminFee, Instant completedAt) {
}
