package io.ridewire.model.orders.payload;

import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.ridewire.model.orders.Place;

/** {@code delivery:new_request}: multicast to available drivers near the pickup once the order is ready. */
@Serdeable(naming = SnakeCaseStrategy.class)
public record DeliveryNewRequest(String orderId, Place pickup, Place drop, long fare) {
}
