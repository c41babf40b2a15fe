package io.ridewire.model.inbound;

import io.ridewire.model.orders.OrderStatus;
import io.ridewire.model.protocol.Fields;

/**
 * The body of {@code POST /orders/{id}/status}: the status to move to and an optional reason.
 *
 * @param reason null when none was given
 */
public record ChangeOrderStatus(OrderStatus status, String reason) {

    public static ChangeOrderStatus read(Fields body) {
        OrderStatus status = OrderStatus.fromWireName(body.oneOf("status", OrderStatus.WIRE_NAMES)).orElseThrow();
        return new ChangeOrderStatus(status, body.optionalString("reason").orElse(null));
    }
}
