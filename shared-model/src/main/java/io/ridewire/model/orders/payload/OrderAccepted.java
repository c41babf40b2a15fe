package io.ridewire.model.orders.payload;

import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

/** {@code order_accepted}: to every driver who saw the order (to drop it) and to the customer (with the driver). */
@Serdeable(naming = SnakeCaseStrategy.class)
public record OrderAccepted(String orderId, String driverId, DriverDetails driver) {
}
