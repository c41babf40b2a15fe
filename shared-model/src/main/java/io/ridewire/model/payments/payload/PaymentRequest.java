package io.ridewire.model.payments.payload;

import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.time.Instant;
import java.util.List;

/** {@code payment.request}, to the passenger (critical: re-sent until acknowledged). */
@Serdeable(naming = SnakeCaseStrategy.class)
public record PaymentRequest(String rideId, String paymentId, long amount, String currency,
                             List<String> paymentMethods, Instant expiresAt) {
}
