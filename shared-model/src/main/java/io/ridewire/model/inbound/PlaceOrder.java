package io.ridewire.model.inbound;

import io.ridewire.model.orders.OrderType;
import io.ridewire.model.orders.Place;

import io.micronaut.json.tree.JsonNode;
import io.ridewire.model.protocol.ErrorCode;
import io.ridewire.model.protocol.Fields;
import io.ridewire.model.protocol.InvalidMessage;

import java.util.List;

/**
 * The body of {@code POST /orders}, validated field by field.
 *
 * @param items the items as sent (each an object); required for delivery orders
 */
public record PlaceOrder(OrderType type, String storeId, JsonNode items, Place pickup, Place drop) {

    public static PlaceOrder read(Fields body) {
        OrderType type = OrderType.fromWireName(body.oneOf("type", OrderType.WIRE_NAMES)).orElseThrow();
        String storeId = type == OrderType.DELIVERY ? body.id("store_id") : body.optionalId("store_id").orElse(null);
        JsonNode items = null;
        if (type == OrderType.DELIVERY || body.has("items")) {
            List<Fields> list = body.objects("items");
            if (type == OrderType.DELIVERY && list.isEmpty()) {
                throw new InvalidMessage("items", ErrorCode.REQUIRED, "items must not be empty");
            }
            items = body.raw("items").orElseThrow();
        }
        return new PlaceOrder(type, storeId, items, place(body.object("pickup")), place(body.object("drop")));
    }

    private static Place place(Fields point) {
        return new Place(
                point.numberIn("lat", -90, 90, ErrorCode.INVALID_COORDINATES),
                point.numberIn("lng", -180, 180, ErrorCode.INVALID_COORDINATES),
                point.optionalString("address").orElse(null));
    }
}
