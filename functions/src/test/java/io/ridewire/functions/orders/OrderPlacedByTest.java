package io.ridewire.functions.orders;

import io.micronaut.json.tree.JsonNode;
import io.ridewire.model.inbound.PlaceOrder;
import io.ridewire.model.orders.OrderStatus;
import io.ridewire.model.orders.OrderType;
import io.ridewire.model.orders.Place;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A retry under an idempotency key must ask for the order the key placed. */
class OrderPlacedByTest {
    private static final Place PICKUP = new Place(-6.2, 106.8, null);
    private static final Place DROP = new Place(-6.21, 106.81, "Home");
    private static final JsonNode ITEMS = JsonNode.createArrayNode(List.of(JsonNode.createObjectNode(Map.of(
            "sku", JsonNode.createStringNode("nasi"), "qty", JsonNode.createNumberNode(2)))));

    private final Order placed = new Order("ord-1", OrderType.DELIVERY, OrderStatus.ACCEPTED_BY_MERCHANT, "c-1",
            "store-1", null, ITEMS, PICKUP, DROP, 10_000, Instant.EPOCH, Instant.EPOCH, false, null);

    @Test
    void theSameRequest_isThePlacedOrder_whateverHappenedToItSince() {
        assertThat(placed.placedBy(new PlaceOrder(OrderType.DELIVERY, "store-1", ITEMS, PICKUP, DROP))).isTrue();
    }

    @Test
    void anyOtherField_isAnotherOrder() {
        JsonNode moreRice = JsonNode.createArrayNode(List.of(JsonNode.createObjectNode(Map.of(
                "sku", JsonNode.createStringNode("nasi"), "qty", JsonNode.createNumberNode(3)))));
        assertThat(placed.placedBy(new PlaceOrder(OrderType.TAXI, null, null, PICKUP, DROP))).isFalse();
        assertThat(placed.placedBy(new PlaceOrder(OrderType.DELIVERY, "store-2", ITEMS, PICKUP, DROP))).isFalse();
        assertThat(placed.placedBy(new PlaceOrder(OrderType.DELIVERY, "store-1", moreRice, PICKUP, DROP))).isFalse();
        assertThat(placed.placedBy(new PlaceOrder(OrderType.DELIVERY, "store-1", ITEMS, DROP, DROP))).isFalse();
        assertThat(placed.placedBy(new PlaceOrder(OrderType.DELIVERY, "store-1", ITEMS, PICKUP,
                new Place(-6.21, 106.81, "Office")))).isFalse();
    }

    @Test
    void aTaxiOrder_ignoresAStoreItDoesNotKeep() {
        Order taxi = new Order("ord-2", OrderType.TAXI, OrderStatus.PLACED, "c-1", null, null, null, PICKUP, DROP,
                10_000, Instant.EPOCH, Instant.EPOCH, false, null);
        assertThat(taxi.placedBy(new PlaceOrder(OrderType.TAXI, "store-1", null, PICKUP, DROP))).isTrue();
    }
}
