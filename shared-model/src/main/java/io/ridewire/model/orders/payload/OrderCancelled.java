package io.ridewire.model.orders.payload;

import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

/** {@code order_cancelled}: to the drivers who saw a taxi order, and its customer. */
@Serdeable(naming = SnakeCaseStrategy.class)
public record OrderCancelled(String orderId) {
}
