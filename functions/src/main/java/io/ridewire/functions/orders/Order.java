package io.ridewire.functions.orders;

import io.ridewire.model.inbound.PlaceOrder;
import io.ridewire.model.orders.OrderStatus;
import io.ridewire.model.orders.OrderType;
import io.ridewire.model.orders.Party;
import io.ridewire.model.orders.Place;

import io.micronaut.json.tree.JsonNode;

import java.time.Instant;
import java.util.Objects;

/**
 * An order as stored.
 *
 * @param storeId  the merchant's store (delivery orders only)
 * @param driverId the assigned driver, null until one accepts
 * @param items    the customer's items, passed through as JSON
 */
public record Order(String orderId, OrderType type, OrderStatus status, String customerId, String storeId,
                    String driverId, JsonNode items, Place pickup, Place drop, long fare, Instant createdAt,
                    Instant updatedAt, boolean escalated, String cancelReason) {

    /** Whether {@code request} asks for this very order: a retry under its idempotency key must ask the same. */
    public boolean placedBy(PlaceOrder request) {
        String requestedStore = request.type() == OrderType.DELIVERY ? request.storeId() : null;
        return type == request.type() && Objects.equals(storeId, requestedStore)
                && Objects.equals(items, request.items())
                && pickup.equals(request.pickup()) && drop.equals(request.drop());
    }

    /** How a caller relates to this order. */
    public Party partyOf(io.ridewire.model.identity.Caller caller) {
        return switch (caller.role()) {
            case ADMIN, SUPPORT -> Party.STAFF;
            case MERCHANT -> storeId != null && storeId.equals(caller.storeId()) ? Party.MERCHANT : Party.OUTSIDER;
            case DRIVER -> caller.userId().equals(driverId) ? Party.DRIVER : Party.OUTSIDER;
            case CUSTOMER, PASSENGER -> caller.userId().equals(customerId) ? Party.CUSTOMER : Party.OUTSIDER;
        };
    }
}
