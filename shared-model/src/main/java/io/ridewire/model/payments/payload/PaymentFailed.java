package io.ridewire.model.payments.payload;

import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.time.Instant;

/** {@code payment.failed}, to the passenger. */
@Serdeable(naming = SnakeCaseStrategy.class)
public record PaymentFailed(String paymentId, String rideId, long amount, String method, String error, String message,
                            boolean retryAllowed, Instant failedAt) {
}
