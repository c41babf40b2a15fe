package io.ridewire.model.orders.payload;

import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

/** {@code lock_acquired}: the driver may accept the order within {@code expires_in_ms}. */
@Serdeable(naming = SnakeCaseStrategy.class)
public record LockAcquired(String orderId, String message, long expiresInMs) {
}
