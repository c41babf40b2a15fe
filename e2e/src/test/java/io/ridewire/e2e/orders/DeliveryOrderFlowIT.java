package io.ridewire.e2e.orders;

import io.ridewire.e2e.fixtures.OrderFixtures;

import io.micronaut.json.tree.JsonNode;
import io.ridewire.model.identity.Role;
import io.ridewire.e2e.fixtures.OrderFixtures.Person;
import io.ridewire.e2e.fixtures.OrderStacks;
import io.ridewire.local.testing.RestClient;
import io.ridewire.local.testing.TestStacks;
import io.ridewire.local.testing.WsClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static io.ridewire.e2e.fixtures.OrderFixtures.awaitFor;
import static io.ridewire.e2e.fixtures.OrderFixtures.awaitStatus;
import static io.ridewire.e2e.fixtures.OrderFixtures.send;
import static io.ridewire.local.testing.WsClient.text;
import static org.assertj.core.api.Assertions.assertThat;

/** The food-delivery flow (spec 003) end to end: customer, merchant, drivers and support on real sockets. */
class DeliveryOrderFlowIT {
    private final OrderFixtures kit = new OrderFixtures(OrderStacks.shared());

    @Test
    void deliveryOrder_fromPlacedToDelivered_everyoneHearsWhatConcernsThem() {
        String store = TestStacks.uniqueId("store");
        Person customer = kit.person(Role.CUSTOMER);
        Person merchant = kit.merchant(store);
        Person near = kit.person(Role.DRIVER);
        Person far = kit.person(Role.DRIVER);
        Person support = kit.person(Role.SUPPORT);
        try (WsClient customerWs = kit.connect(customer); WsClient merchantWs = kit.connect(merchant);
             WsClient nearWs = kit.connect(near); WsClient farWs = kit.connect(far);
             WsClient supportWs = kit.connect(support)) {
            kit.driverAt(nearWs, near, 1.0);
            kit.driverAt(farWs, far, 40.0);

            // GIVEN a new order, THEN the store's merchant gets it with the 60 s (here shortened) timer, ack required
            String orderId = kit.place(customer, kit.deliveryBody(store));
            JsonNode newOrder = awaitFor(merchantWs, "merchant:new_order", orderId);
            assertThat(text(newOrder, "ack_required")).isEqualTo("true");
            assertThat(text(newOrder, "seq")).isNotBlank();
            assertThat(text(newOrder, "payload.timer")).isEqualTo(String.valueOf(OrderStacks.MERCHANT_TIMEOUT_SECONDS));
            assertThat(text(newOrder.get("payload").get("items").get(0), "sku")).isEqualTo("nasi-goreng");
            merchantWs.send("{\"type\":\"ack\",\"payload\":{\"id\":\"" + text(newOrder, "id") + "\"}}");

            // support joins the order room by asking; the server checks the role
            supportWs.send("{\"type\":\"order:join\",\"id\":\"j-1\",\"payload\":{\"order_id\":\"" + orderId + "\"}}");
            JsonNode joined = supportWs.await("order:joined");
            assertThat(text(joined, "payload.room")).isEqualTo("order_" + orderId);

            // WHEN the merchant accepts and prepares, THEN customer, merchant and support follow every transition
            for (String status : new String[] {"accepted_by_merchant", "preparing"}) {
                kit.moveTo(merchant, orderId, status);
                JsonNode update = awaitStatus(customerWs, orderId, status);
                assertThat(Instant.parse(text(update, "payload.timestamp"))).isBeforeOrEqualTo(Instant.now());
                assertThat(text(update, "seq")).isNotBlank();
                awaitStatus(merchantWs, orderId, status);
                awaitStatus(supportWs, orderId, status);
            }
            nearWs.assertNone("delivery:new_request", Duration.ofMillis(300));

            // WHEN it is ready, THEN only the driver within the radius of the pickup gets the request
            kit.moveTo(merchant, orderId, "ready");
            JsonNode request = awaitFor(nearWs, "delivery:new_request", orderId);
            assertThat(text(request, "payload.pickup.address")).isEqualTo("Warung 1");
            assertThat(text(request, "payload.drop.lat")).isNotBlank();
            assertThat(Long.parseLong(text(request, "payload.fare"))).isGreaterThanOrEqualTo(10_000);
            farWs.assertNone("delivery:new_request", Duration.ofSeconds(1));

            // the near driver takes the lock and accepts
            nearWs.send(send("request_lock", orderId));
            assertThat(text(nearWs.await("lock_acquired"), "payload.order_id")).isEqualTo(orderId);
            RestClient.Response accepted = kit.accept(near, orderId);
            assertThat(accepted.status()).as(accepted.raw()).isEqualTo(200);
            assertThat(accepted.text("driver_id")).isEqualTo(near.id());
            JsonNode toCustomer = awaitFor(customerWs, "order_accepted", orderId);
            assertThat(text(toCustomer, "payload.driver.driver_id")).isEqualTo(near.id());
            assertThat(text(toCustomer, "payload.driver.lat")).isNotBlank();

            // the assigned driver's position reaches the order room
            nearWs.send(String.format(java.util.Locale.ROOT,
                    "{\"type\":\"driver:location_update\",\"payload\":{\"lat\":%.6f,\"lng\":%.6f}}", kit.lat + 0.001, kit.lng));
            JsonNode location = awaitFor(customerWs, "order:driver_location", orderId);
            assertThat(Double.parseDouble(text(location, "payload.lat"))).isCloseTo(kit.lat + 0.001, org.assertj.core.data.Offset.offset(1e-5));
            awaitFor(supportWs, "order:driver_location", orderId);

            // /orders/active shows the latest status and where the driver is
            RestClient.Response active = kit.rest.get("/orders/active", customer.token());
            assertThat(active.status()).isEqualTo(200);
            JsonNode mine = active.body().get("orders").get(0);
            assertThat(text(mine, "order_id")).isEqualTo(orderId);
            assertThat(text(mine, "status")).isEqualTo("ready");
            assertThat(text(mine, "driver_position.lat")).isNotBlank();

            // the driver picks up and delivers; the merchant's window long passed without cancelling anything
            kit.moveTo(near, orderId, "picked_up");
            awaitStatus(customerWs, orderId, "picked_up");
            awaitStatus(nearWs, orderId, "picked_up");
            kit.moveTo(near, orderId, "delivered");
            awaitStatus(customerWs, orderId, "delivered");
            awaitStatus(merchantWs, orderId, "delivered");
            awaitStatus(supportWs, orderId, "delivered");
            assertThat(kit.rest.get("/orders/active", customer.token()).body().get("orders").size()).isZero();
            awaitStatus(customerWs, orderId, "ready");
            customerWs.assertNone("order:status_update", Duration.ofMillis(300));
        }
    }

    @Test
    void deliveryRequest_isNotSentToABusyDriver() {
        String store = TestStacks.uniqueId("store");
        Person customer = kit.person(Role.CUSTOMER);
        Person merchant = kit.merchant(store);
        Person busy = kit.person(Role.DRIVER);
        try (WsClient busyWs = kit.connect(busy)) {
            kit.driverAt(busyWs, busy, 0.5);
            String first = kit.place(customer, kit.deliveryBody(store));
            kit.moveTo(merchant, first, "accepted_by_merchant");
            busyWs.send(send("request_lock", first));
            busyWs.await("lock_acquired");
            assertThat(kit.accept(busy, first).status()).isEqualTo(200);
            kit.driverAt(busyWs, busy, 0.6);

            String second = kit.place(customer, kit.deliveryBody(store));
            kit.moveTo(merchant, second, "accepted_by_merchant");
            kit.moveTo(merchant, second, "preparing");
            kit.moveTo(merchant, second, "ready");
            busyWs.assertNone("delivery:new_request", Duration.ofSeconds(1));
        }
    }
}
