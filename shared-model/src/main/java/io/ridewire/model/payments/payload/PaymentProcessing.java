package io.ridewire.model.payments.payload;

import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

/** {@code payment.processing}, to the passenger, once an attempt holds the payment. */
@Serdeable(naming = SnakeCaseStrategy.class)
public record PaymentProcessing(String paymentId, String rideId, long amount, String method, String status,
                                String transactionId) {
}
