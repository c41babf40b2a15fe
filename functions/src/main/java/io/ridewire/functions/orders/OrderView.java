package io.ridewire.functions.orders;

import io.ridewire.functions.drivers.DriverPosition;
import io.ridewire.model.orders.Place;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.time.Instant;

/** An order as the REST API shows it, with the assigned driver's last position. */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OrderView(String orderId, String type, String status, String customerId, String storeId,
                        String driverId, JsonNode items, Place pickup, Place drop, long fare, Instant createdAt,
                        Instant updatedAt, Boolean escalated, String cancelReason, DriverPosition driverPosition) {

    public static OrderView of(Order order, DriverPosition driverPosition) {
        return new OrderView(order.orderId(), order.type().wireName(), order.status().wireName(), order.customerId(),
                order.storeId(), order.driverId(), order.items(), order.pickup(), order.drop(), order.fare(),
                order.createdAt(), order.updatedAt(), order.escalated() ? Boolean.TRUE : null, order.cancelReason(),
                driverPosition);
    }
}
