package io.ridewire.model.orders.payload;

import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

/** {@code order:driver_location} to {@code order_{id}}: where the assigned driver is now. */
@Serdeable(naming = SnakeCaseStrategy.class)
public record OrderDriverLocation(String orderId, double lat, double lng) {
}
