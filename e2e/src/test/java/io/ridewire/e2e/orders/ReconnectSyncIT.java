package io.ridewire.e2e.orders;

import io.ridewire.e2e.fixtures.OrderFixtures;

import io.micronaut.json.tree.JsonNode;
import io.ridewire.model.identity.Role;
import io.ridewire.e2e.fixtures.OrderFixtures.Person;
import io.ridewire.e2e.fixtures.OrderStacks;
import io.ridewire.local.testing.TestStacks;
import io.ridewire.local.testing.WsClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import static io.ridewire.e2e.fixtures.OrderFixtures.awaitFor;
import static io.ridewire.e2e.fixtures.OrderFixtures.awaitStatus;
import static io.ridewire.e2e.fixtures.OrderFixtures.send;
import static io.ridewire.local.testing.WsClient.text;
import static org.assertj.core.api.Assertions.assertThat;

/** A customer whose app drops mid-flow comes back in sync: missed events once each, in order, and its order room. */
class ReconnectSyncIT {
    private final OrderFixtures kit = new OrderFixtures(OrderStacks.shared());

    @Test
    void customerDisconnectedMidFlow_syncsAndReceivesEveryMissedEventExactlyOnce_inOrder() {
        String store = TestStacks.uniqueId("store");
        Person customer = kit.person(Role.CUSTOMER);
        Person merchant = kit.merchant(store);
        Person driver = kit.person(Role.DRIVER);
        try (WsClient driverWs = kit.connect(driver)) {
            kit.driverAt(driverWs, driver, 0.4);
            String orderId;
            String lastSeq;
            try (WsClient customerWs = kit.connect(customer)) {
                orderId = kit.place(customer, kit.deliveryBody(store));
                kit.moveTo(merchant, orderId, "accepted_by_merchant");
                lastSeq = text(awaitStatus(customerWs, orderId, "accepted_by_merchant"), "seq");
            }

            // while the customer is away the order moves on
            kit.moveTo(merchant, orderId, "preparing");
            kit.moveTo(merchant, orderId, "ready");
            awaitFor(driverWs, "delivery:new_request", orderId);
            driverWs.send(send("request_lock", orderId));
            driverWs.await("lock_acquired");
            assertThat(kit.accept(driver, orderId).status()).isEqualTo(200);
            kit.moveTo(driver, orderId, "picked_up");

            try (WsClient customerWs = kit.connect(customer)) {
                // REST says where things stand ...
                JsonNode active = kit.rest.get("/orders/active", customer.token()).body().get("orders").get(0);
                assertThat(text(active, "status")).isEqualTo("picked_up");
                assertThat(text(active, "driver_id")).isEqualTo(driver.id());
                assertThat(text(active, "driver_position.lat")).isNotBlank();

                // ... and sync replays what was missed, once each, in order
                customerWs.send("{\"type\":\"sync\",\"id\":\"s-1\",\"payload\":{\"since\":" + lastSeq + "}}");
                JsonNode completed = customerWs.await("sync.completed");
                assertThat(text(completed, "payload.count")).isEqualTo("4");
                customerWs.assertNone("nothing-else", Duration.ofMillis(700));
                List<JsonNode> replayed = customerWs.drain().stream()
                        .filter(m -> text(m, "seq") != null).toList();
                assertThat(replayed).extracting(m -> text(m, "type") + " " + text(m, "payload.status"))
                        .containsExactly("order:status_update preparing", "order:status_update ready",
                                "order_accepted null", "order:status_update picked_up");
                assertThat(replayed).extracting(m -> Long.parseLong(text(m, "seq"))).isSorted().doesNotHaveDuplicates();
                assertThat(text(completed, "payload.last_seq")).isEqualTo(text(replayed.getLast(), "seq"));

                // syncing again from the last seq yields nothing more
                customerWs.send("{\"type\":\"sync\",\"payload\":{\"since\":" + text(completed, "payload.last_seq") + "}}");
                assertThat(text(customerWs.await("sync.completed"), "payload.count")).isEqualTo("0");

                // the reconnected customer is back in the order room without asking
                driverWs.send(String.format(Locale.ROOT,
                        "{\"type\":\"driver:location_update\",\"payload\":{\"lat\":%.6f,\"lng\":%.6f}}", kit.lat, kit.lng + 0.002));
                awaitFor(customerWs, "order:driver_location", orderId);

                // and live events keep coming once, with the next seq
                kit.moveTo(driver, orderId, "delivered");
                JsonNode delivered = awaitStatus(customerWs, orderId, "delivered");
                assertThat(Long.parseLong(text(delivered, "seq")))
                        .isEqualTo(Long.parseLong(text(completed, "payload.last_seq")) + 1);
                customerWs.assertNone("order:status_update", Duration.ofMillis(500));
            }
        }
    }
}
