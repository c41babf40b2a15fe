package io.ridewire.model.inbound;

import io.ridewire.model.orders.OrderType;
import io.ridewire.model.orders.Place;

import io.micronaut.json.tree.JsonNode;
import io.ridewire.model.protocol.Coordinates;
import io.ridewire.model.protocol.ErrorCode;
import io.ridewire.model.protocol.Fields;
import io.ridewire.model.protocol.InvalidMessage;

import java.util.List;

/**
 * The body of {@code POST /orders}, validated field by field.
 *
 * @param items the items as sent (each an object, bounded in count, nesting and text); required for delivery orders
 */
public record PlaceOrder(OrderType type, String storeId, JsonNode items, Place pickup, Place drop) {
    /** Items an order may list; entries of an object or array within one. */
    static final int MAX_ITEMS = 100;
    /** How deep an item's own objects and arrays may nest (an item with options with choices is three). */
    static final int MAX_DEPTH = 4;

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
            checkPassedThrough(items, "items", 0);
        }
        return new PlaceOrder(type, storeId, items, place(body.object("pickup")), place(body.object("drop")));
    }

    /**
     * Items are stored and sent to the merchant as they came, so what they hold is bounded here: no more than
     * {@link #MAX_ITEMS} entries in any array or object, nesting at most {@link #MAX_DEPTH} deep, texts of free-text
     * length without control characters.
     */
    private static void checkPassedThrough(JsonNode node, String path, int depth) {
        if (node.isContainerNode()) {
            if (depth > MAX_DEPTH) {
                throw new InvalidMessage(path, ErrorCode.INVALID_VALUE, path + " nests too deep");
            }
            if (node.size() > MAX_ITEMS) {
                throw new InvalidMessage(path, ErrorCode.TOO_LONG, path + " must have at most " + MAX_ITEMS + " entries");
            }
            if (node.isArray()) {
                int index = 0;
                for (JsonNode element : node.values()) {
                    checkPassedThrough(element, path + "[" + index++ + "]", depth + 1);
                }
            } else {
                for (var entry : node.entries()) {
                    checkText(entry.getKey(), path);
                    checkPassedThrough(entry.getValue(), path + "." + entry.getKey(), depth + 1);
                }
            }
        } else if (node.isString()) {
            checkText(node.getStringValue(), path);
        }
    }

    private static void checkText(String text, String path) {
        Fields.refuseLongerThan(path, text, Fields.MAX_TEXT_LENGTH);
        Fields.refuseControlCharacters(path, text);
    }

    private static Place place(Fields point) {
        return new Place(
                Coordinates.latitude(point, "lat"),
                Coordinates.longitude(point, "lng"),
                point.optionalString("address").orElse(null));
    }
}
