package io.ridewire.e2e.orders;

import io.ridewire.e2e.fixtures.OrderFixtures;

import io.micronaut.json.tree.JsonNode;
import io.ridewire.model.identity.Role;
import io.ridewire.e2e.fixtures.OrderFixtures.Person;
import io.ridewire.e2e.fixtures.SharedStacks;
import io.ridewire.local.testing.RestClient;
import io.ridewire.local.testing.TestStacks;
import io.ridewire.local.testing.WsClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.ridewire.e2e.fixtures.OrderFixtures.awaitStatus;
import static io.ridewire.local.testing.WsClient.text;
import static org.assertj.core.api.Assertions.assertThat;

/** Who may do what with an order: rooms, reads and transitions are decided by the server from the order. */
class OrderAccessIT {
    private final OrderFixtures kit = new OrderFixtures(SharedStacks.orders());

    @Test
    void outsider_cannotJoinTheOrderRoom_andHearsNothingOfTheOrder() {
        String store = TestStacks.uniqueId("store");
        Person customer = kit.person(Role.CUSTOMER);
        Person merchant = kit.merchant(store);
        Person outsider = kit.person(Role.CUSTOMER);
        Person strangerDriver = kit.person(Role.DRIVER);
        try (WsClient customerWs = kit.connect(customer); WsClient outsiderWs = kit.connect(outsider);
             WsClient driverWs = kit.connect(strangerDriver); WsClient merchantWs = kit.connect(merchant)) {
            String orderId = kit.place(customer, kit.deliveryBody(store));
            for (WsClient socket : new WsClient[] {outsiderWs, driverWs, merchantWs}) {
                socket.send("{\"type\":\"order:join\",\"id\":\"j\",\"payload\":{\"order_id\":\"" + orderId + "\"}}");
                JsonNode refused = socket.await("error.validation");
                assertThat(text(refused, "payload.code")).isEqualTo("FORBIDDEN");
                assertThat(text(refused, "payload.field")).isEqualTo("order_id");
            }
            kit.moveTo(merchant, orderId, "accepted_by_merchant");
            awaitStatus(customerWs, orderId, "accepted_by_merchant");
            outsiderWs.assertNone("order:status_update", Duration.ofSeconds(1));
            driverWs.assertNone("order:status_update", Duration.ZERO);

            customerWs.send("{\"type\":\"order:join\",\"payload\":{\"order_id\":\"" + orderId + "\"}}");
            assertThat(text(customerWs.await("order:joined"), "payload.order_id")).isEqualTo(orderId);
        }
    }

    @Test
    void activeOrders_areOnlyEverTheCallersOwn() {
        String store = TestStacks.uniqueId("store");
        Person customer = kit.person(Role.CUSTOMER);
        Person other = kit.person(Role.CUSTOMER);
        String orderId = kit.place(customer, kit.deliveryBody(store));

        JsonNode mine = kit.rest.get("/orders/active", customer.token()).body().get("orders");
        assertThat(mine.size()).isEqualTo(1);
        assertThat(text(mine.get(0), "order_id")).isEqualTo(orderId);
        assertThat(text(mine.get(0), "status")).isEqualTo("placed");
        RestClient.Response theirs = kit.rest.get("/orders/active", other.token());
        assertThat(theirs.status()).isEqualTo(200);
        assertThat(theirs.body().get("orders").size()).isZero();
        // the store's merchants see the store's orders, another store's merchant does not
        assertThat(kit.rest.get("/orders/active", kit.merchant(store).token()).body().get("orders").size()).isEqualTo(1);
        assertThat(kit.rest.get("/orders/active", kit.merchant("elsewhere").token()).body().get("orders").size()).isZero();

        RestClient.Response peek = kit.rest.get("/orders/" + orderId, other.token());
        assertThat(peek.status()).isEqualTo(403);
        assertThat(peek.text("code")).isEqualTo("FORBIDDEN");
        assertThat(kit.rest.get("/orders/no-such-order", customer.token()).status()).isEqualTo(404);
        assertThat(kit.rest.get("/orders/active", null).status()).isEqualTo(401);
    }

    @Test
    void statusMoves_areRefusedToOutsiders_403_andIllegalTransitions_409() {
        String store = TestStacks.uniqueId("store");
        Person customer = kit.person(Role.CUSTOMER);
        Person merchant = kit.merchant(store);
        Person otherMerchant = kit.merchant(TestStacks.uniqueId("store"));
        Person driver = kit.person(Role.DRIVER);
        String orderId = kit.place(customer, kit.deliveryBody(store));

        assertThat(kit.status(otherMerchant, orderId, "accepted_by_merchant").status()).isEqualTo(403);
        assertThat(kit.status(customer, orderId, "accepted_by_merchant").status()).isEqualTo(403);
        assertThat(kit.status(driver, orderId, "picked_up").status()).isEqualTo(403);
        RestClient.Response skip = kit.status(merchant, orderId, "ready");
        assertThat(skip.status()).isEqualTo(409);
        assertThat(skip.text("code")).isEqualTo("CONFLICT");
        RestClient.Response unknown = kit.status(merchant, orderId, "teleported");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.text("field")).isEqualTo("status");
        assertThat(unknown.text("code")).isEqualTo("INVALID_VALUE");
        assertThat(text(kit.order(customer, orderId), "status")).isEqualTo("placed");

        kit.moveTo(merchant, orderId, "accepted_by_merchant");
        // the merchant may not deliver; the customer may no longer cancel once the merchant accepted
        assertThat(kit.status(merchant, orderId, "delivered").status()).isEqualTo(409);
        assertThat(kit.status(customer, orderId, "cancelled").status()).isEqualTo(403);
        // going back is illegal
        assertThat(kit.status(merchant, orderId, "placed").status()).isEqualTo(409);
        assertThat(text(kit.order(customer, orderId), "status")).isEqualTo("accepted_by_merchant");
    }

    @Test
    void placingOrders_isForCustomers_withValidatedBodies_andIdempotencyKeys() {
        Person customer = kit.person(Role.CUSTOMER);
        Person driver = kit.person(Role.DRIVER);
        RestClient.Response asDriver = kit.rest.post("/orders", driver.token(), kit.taxiBody());
        assertThat(asDriver.status()).isEqualTo(403);
        assertThat(asDriver.text("error")).isEqualTo("forbidden");
        assertThat(kit.rest.post("/orders", null, kit.taxiBody()).status()).isEqualTo(401);

        RestClient.Response noStore = kit.rest.post("/orders", customer.token(),
                "{\"type\":\"delivery\",\"items\":[{\"sku\":\"x\"}],\"pickup\":{\"lat\":1,\"lng\":1},\"drop\":{\"lat\":1,\"lng\":2}}");
        assertThat(noStore.status()).isEqualTo(400);
        assertThat(noStore.text("field")).isEqualTo("store_id");
        assertThat(noStore.text("code")).isEqualTo("REQUIRED");
        RestClient.Response badPoint = kit.rest.post("/orders", customer.token(),
                "{\"type\":\"taxi\",\"pickup\":{\"lat\":91,\"lng\":1},\"drop\":{\"lat\":1,\"lng\":2}}");
        assertThat(badPoint.status()).isEqualTo(400);
        assertThat(badPoint.text("field")).isEqualTo("pickup.lat");
        assertThat(badPoint.text("code")).isEqualTo("INVALID_COORDINATES");
        RestClient.Response notJson = kit.rest.post("/orders", customer.token(), "{nope");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.text("code")).isEqualTo("INVALID_JSON");

        String key = TestStacks.uniqueId("key");
        RestClient.Response first = kit.rest.post("/orders", customer.token(), kit.taxiBody(), key);
        RestClient.Response again = kit.rest.post("/orders", customer.token(), kit.taxiBody(), key);
        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.text("order_id")).isEqualTo(first.text("order_id"));
    }

    @Test
    void anIdempotencyKeyReusedForAnotherOrder_isAConflict_andTheFirstOrderStands() {
        Person customer = kit.person(Role.CUSTOMER);
        String delivery = "{\"type\":\"delivery\",\"store_id\":\"store-1\",\"items\":[{\"sku\":\"nasi\",\"qty\":2,"
                + "\"price\":12.5,\"options\":{\"spicy\":true,\"extras\":[\"egg\"]}}],"
                + "\"pickup\":{\"lat\":-6.2,\"lng\":106.8},\"drop\":{\"lat\":-6.21,\"lng\":106.81,\"address\":\"Home\"}}";
        String key = TestStacks.uniqueId("key");
        RestClient.Response first = kit.rest.post("/orders", customer.token(), delivery, key);
        RestClient.Response retried = kit.rest.post("/orders", customer.token(), delivery, key);
        RestClient.Response otherOrder = kit.rest.post("/orders", customer.token(), delivery.replace("\"qty\":2", "\"qty\":3"), key);
        RestClient.Response otherKind = kit.rest.post("/orders", customer.token(), kit.taxiBody(), key);

        assertThat(first.status()).isEqualTo(201);
        assertThat(retried.status()).as("the same order again: its items read back equal").isEqualTo(200);
        assertThat(retried.text("order_id")).isEqualTo(first.text("order_id"));
        for (RestClient.Response conflict : List.of(otherOrder, otherKind)) {
            assertThat(conflict.status()).as(conflict.raw()).isEqualTo(409);
            assertThat(conflict.text("field")).isEqualTo("Idempotency-Key");
            assertThat(conflict.text("code")).isEqualTo("CONFLICT");
        }
        RestClient.Response stored = kit.rest.get("/orders/" + first.text("order_id"), customer.token());
        assertThat(stored.raw()).contains("\"qty\":2").doesNotContain("\"qty\":3");
        assertThat(stored.text("type")).isEqualTo("delivery");
    }
}
