package io.ridewire.model.orders.payload;

import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

/** {@code order:joined}: the connection is now in the order's room. */
@Serdeable(naming = SnakeCaseStrategy.class)
public record OrderJoined(String orderId, String room) {
}
