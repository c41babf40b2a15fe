package io.ridewire.e2e.orders;

import io.ridewire.e2e.fixtures.OrderFixtures;

import io.micronaut.json.tree.JsonNode;
import io.ridewire.model.identity.Role;
import io.ridewire.e2e.fixtures.OrderFixtures.Person;
import io.ridewire.e2e.fixtures.OrderStacks;
import io.ridewire.local.testing.RestClient;
import io.ridewire.local.testing.WsClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.ridewire.e2e.fixtures.OrderFixtures.awaitFor;
import static io.ridewire.e2e.fixtures.OrderFixtures.awaitStatus;
import static io.ridewire.e2e.fixtures.OrderFixtures.send;
import static io.ridewire.local.testing.WsClient.text;
import static org.assertj.core.api.Assertions.assertThat;

/** The taxi flow (spec 004) end to end: new_order, viewer counts, the 5 s lock, accept and cancel. */
class TaxiOrderFlowIT {
    private final OrderFixtures kit = new OrderFixtures(OrderStacks.shared());

    @Test
    void taxiOrder_driversSeeItAndItsViewers_oneLocksAndAccepts_everyoneLearnsWho() {
        Person customer = kit.person(Role.CUSTOMER);
        Person a = kit.person(Role.DRIVER);
        Person b = kit.person(Role.DRIVER);
        Person c = kit.person(Role.DRIVER);
        try (WsClient customerWs = kit.connect(customer); WsClient aWs = kit.connect(a); WsClient cWs = kit.connect(c)) {
            WsClient bWs = kit.connect(b);
            kit.driverAt(aWs, a, 0.3);
            kit.driverAt(bWs, b, 0.6);
            kit.driverAt(cWs, c, 0.9);

            String orderId = kit.place(customer, kit.taxiBody());
            for (WsClient driver : new WsClient[] {aWs, bWs, cWs}) {
                JsonNode offer = awaitFor(driver, "new_order", orderId);
                assertThat(text(offer, "payload.order.type")).isEqualTo("taxi");
                assertThat(text(offer, "payload.order.drop.address")).isEqualTo("Airport");
                assertThat(text(offer, "payload.order.fare")).isNotBlank();
            }

            // viewers: each viewer and the customer learn the count
            aWs.send("{\"type\":\"viewing_order\",\"id\":\"v-1\",\"payload\":{\"order_id\":\"" + orderId + "\",\"order_type\":\"taxi\"}}");
            JsonNode reply = aWs.await("viewer_count");
            assertThat(text(reply, "id")).isEqualTo("v-1");
            assertThat(text(reply, "payload.count")).isEqualTo("1");
            assertThat(text(awaitFor(customerWs, "viewer_count", orderId), "payload.count")).isEqualTo("1");
            bWs.send(send("viewing_order", orderId));
            assertThat(text(bWs.await("viewer_count"), "payload.count")).isEqualTo("2");
            assertThat(text(awaitFor(aWs, "viewer_count", orderId), "payload.count")).isEqualTo("2");
            assertThat(text(awaitFor(customerWs, "viewer_count", orderId), "payload.count")).isEqualTo("2");

            // a viewer whose connection goes stops counting
            bWs.close();
            assertThat(text(awaitFor(aWs, "viewer_count", orderId), "payload.count")).isEqualTo("1");
            assertThat(text(awaitFor(customerWs, "viewer_count", orderId), "payload.count")).isEqualTo("1");

            // the lock: A takes it, C is refused, A may renew it
            aWs.send(send("request_lock", orderId));
            JsonNode acquired = aWs.await("lock_acquired");
            assertThat(text(acquired, "payload.order_id")).isEqualTo(orderId);
            assertThat(text(acquired, "payload.message")).isNotBlank();
            cWs.send(send("request_lock", orderId));
            JsonNode failed = cWs.await("lock_failed");
            assertThat(text(failed, "payload.order_id")).isEqualTo(orderId);
            assertThat(text(failed, "payload.message")).contains("Another driver");
            assertThat(kit.accept(c, orderId).status()).isEqualTo(409);
            aWs.send(send("request_lock", orderId));
            aWs.await("lock_acquired");

            // A accepts: the drivers who saw it and the customer hear who took it
            RestClient.Response accepted = kit.accept(a, orderId);
            assertThat(accepted.status()).as(accepted.raw()).isEqualTo(200);
            assertThat(accepted.text("status")).isEqualTo("accepted");
            JsonNode toC = awaitFor(cWs, "order_accepted", orderId);
            assertThat(text(toC, "payload.driver_id")).isEqualTo(a.id());
            JsonNode toCustomer = awaitFor(customerWs, "order_accepted", orderId);
            assertThat(text(toCustomer, "payload.driver.driver_id")).isEqualTo(a.id());
            assertThat(text(toCustomer, "payload.driver.lat")).isNotBlank();
            awaitStatus(customerWs, orderId, "accepted");

            // too late for anyone else
            cWs.send(send("request_lock", orderId));
            assertThat(text(cWs.await("lock_failed"), "payload.message")).contains("no longer available");

            kit.moveTo(a, orderId, "picked_up");
            kit.moveTo(a, orderId, "delivered");
            awaitStatus(customerWs, orderId, "delivered");
        }
    }

    @Test
    void manyDriversOpeningAnOrderAtOnce_everyoneEndsUpWithTheFinalCount_inFewBroadcasts() {
        Person customer = kit.person(Role.CUSTOMER);
        try (WsClient customerWs = kit.connect(customer)) {
            String orderId = kit.place(customer, kit.taxiBody());
            java.util.List<WsClient> viewers = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < 12; i++) {
                    viewers.add(kit.connect(kit.person(Role.DRIVER)));
                }
                viewers.forEach(v -> v.send(send("viewing_order", orderId)));
                // every viewer and the customer converge on 12, however the burst was coalesced
                for (WsClient socket : viewers) {
                    socket.await(m -> "viewer_count".equals(text(m, "type")) && "12".equals(text(m, "payload.count")),
                            Duration.ofSeconds(10), "viewer_count 12");
                }
                customerWs.await(m -> "viewer_count".equals(text(m, "type")) && "12".equals(text(m, "payload.count")),
                        Duration.ofSeconds(10), "viewer_count 12 for the customer");
                OrderFixtures.sleep(600);
                long toCustomer = 1 + customerWs.drain().stream().filter(m -> "viewer_count".equals(text(m, "type"))).count();
                assertThat(toCustomer).as("broadcasts to the customer for 12 changes").isLessThan(12);
            } finally {
                viewers.forEach(WsClient::close);
            }
        }
    }

    @Test
    void acceptWithoutTheLock_isRefused_andTheLockExpiresAfterFiveSeconds() {
        Person customer = kit.person(Role.CUSTOMER);
        Person a = kit.person(Role.DRIVER);
        Person b = kit.person(Role.DRIVER);
        try (WsClient aWs = kit.connect(a); WsClient bWs = kit.connect(b)) {
            String orderId = kit.place(customer, kit.taxiBody());
            RestClient.Response refused = kit.accept(a, orderId);
            assertThat(refused.status()).isEqualTo(409);
            assertThat(refused.text("field")).isEqualTo("lock");

            aWs.send(send("request_lock", orderId));
            aWs.await("lock_acquired");
            bWs.send(send("request_lock", orderId));
            bWs.await("lock_failed");
            OrderFixtures.sleep(5_300);
            bWs.send(send("request_lock", orderId));
            bWs.await("lock_acquired");
            assertThat(kit.accept(a, orderId).status()).isEqualTo(409);
            assertThat(kit.accept(b, orderId).status()).isEqualTo(200);
        }
    }

    @Test
    void customerCancels_driversWhoSawTheOrderGetOrderCancelled() {
        Person customer = kit.person(Role.CUSTOMER);
        Person driver = kit.person(Role.DRIVER);
        try (WsClient customerWs = kit.connect(customer); WsClient driverWs = kit.connect(driver)) {
            kit.driverAt(driverWs, driver, 0.2);
            String orderId = kit.place(customer, kit.taxiBody());
            awaitFor(driverWs, "new_order", orderId);
            kit.moveTo(customer, orderId, "cancelled");
            awaitFor(driverWs, "order_cancelled", orderId);
            awaitFor(customerWs, "order_cancelled", orderId);
            JsonNode update = awaitStatus(customerWs, orderId, "cancelled");
            assertThat(text(update, "payload.reason")).isEqualTo("cancelled_by_customer");
            driverWs.send(send("request_lock", orderId));
            driverWs.await("lock_failed");
        }
    }

    @Test
    void numericOrderIdAsTheSpecSendsIt_isReadAsAnId_andAnUnknownOrderIsNotFound() {
        Person driver = kit.person(Role.DRIVER);
        try (WsClient driverWs = kit.connect(driver)) {
            driverWs.send("{\"type\":\"viewing_order\",\"payload\":{\"order_id\":123,\"order_type\":\"taxi\"}}");
            JsonNode error = driverWs.await("error.validation");
            assertThat(text(error, "payload.code")).isEqualTo("NOT_FOUND");
            assertThat(text(error, "payload.field")).isEqualTo("order_id");
            driverWs.send("{\"type\":\"request_lock\",\"payload\":{}}");
            JsonNode missing = driverWs.await("error.validation");
            assertThat(text(missing, "payload.code")).isEqualTo("REQUIRED");
            assertThat(text(missing, "payload.field")).isEqualTo("order_id");
        }
    }
}
