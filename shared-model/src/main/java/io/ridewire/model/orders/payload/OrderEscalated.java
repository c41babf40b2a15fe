package io.ridewire.model.orders.payload;

import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.time.Instant;

/** {@code order:escalated}: the merchant did not accept in time and support has been asked to step in. */
@Serdeable(naming = SnakeCaseStrategy.class)
public record OrderEscalated(String orderId, String reason, Instant timestamp) {
}
