package io.ridewire.model.orders.payload;

import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

/** {@code new_order}: a new taxi order for drivers nearby. */
@Serdeable(naming = SnakeCaseStrategy.class)
public record NewOrder(OrderSummary order) {
}
