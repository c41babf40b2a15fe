package io.ridewire.model.orders.payload;

import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

/** {@code lock_failed}: another driver holds the lock, or the order is no longer open. */
@Serdeable(naming = SnakeCaseStrategy.class)
public record LockFailed(String orderId, String message) {
}
