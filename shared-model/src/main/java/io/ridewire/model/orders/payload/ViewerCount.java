package io.ridewire.model.orders.payload;

import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

/** {@code viewer_count}: how many drivers are looking at an order now. */
@Serdeable(naming = SnakeCaseStrategy.class)
public record ViewerCount(String orderId, long count) {
}
