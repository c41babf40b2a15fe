package io.ridewire.e2e.orders;

import io.ridewire.e2e.fixtures.OrderFixtures;

import io.micronaut.json.tree.JsonNode;
import io.ridewire.model.identity.Role;
import io.ridewire.local.LocalStack;
import io.ridewire.e2e.fixtures.OrderFixtures.Person;
import io.ridewire.e2e.fixtures.OrderStacks;
import io.ridewire.local.testing.TestStacks;
import io.ridewire.local.testing.WsClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.ridewire.e2e.fixtures.OrderFixtures.awaitFor;
import static io.ridewire.e2e.fixtures.OrderFixtures.awaitStatus;
import static io.ridewire.local.testing.WsClient.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The merchant's acceptance window (60 s in production, {@link OrderStacks#MERCHANT_TIMEOUT_SECONDS} here) and the
 * re-sends of {@code merchant:new_order} until it is acknowledged.
 */
class MerchantWindowIT {
    private static final Duration PAST_THE_WINDOW = Duration.ofSeconds(OrderStacks.MERCHANT_TIMEOUT_SECONDS + 6);
    private final OrderFixtures kit = new OrderFixtures(OrderStacks.shared());

    @Test
    void orderTheMerchantNeverAnswers_isCancelledWhenTheWindowPasses_customerAndAdminsAreTold() {
        String store = TestStacks.uniqueId("store");
        Person customer = kit.person(Role.CUSTOMER);
        Person admin = kit.person(Role.ADMIN);
        try (WsClient customerWs = kit.connect(customer); WsClient merchantWs = kit.connect(kit.merchant(store));
             WsClient adminWs = kit.connect(admin)) {
            String orderId = kit.place(customer, kit.deliveryBody(store));
            awaitFor(merchantWs, "merchant:new_order", orderId);

            JsonNode cancelled = customerWs.await(m -> "order:status_update".equals(text(m, "type"))
                    && "cancelled".equals(text(m, "payload.status")), PAST_THE_WINDOW, "cancellation");
            assertThat(text(cancelled, "payload.order_id")).isEqualTo(orderId);
            assertThat(text(cancelled, "payload.reason")).isEqualTo("merchant_timeout");
            JsonNode alert = adminWs.await(m -> "admin:alert".equals(text(m, "type"))
                    && orderId.equals(text(m, "payload.order_id")), Duration.ofSeconds(5), "admin alert");
            assertThat(text(alert, "payload.alert")).isEqualTo("merchant_timeout");
            assertThat(text(alert, "payload.action")).isEqualTo("cancelled");
            assertThat(text(alert, "payload.store_id")).isEqualTo(store);
            assertThat(text(kit.order(customer, orderId), "status")).isEqualTo("cancelled");
            awaitStatus(merchantWs, orderId, "cancelled");

            // a cancelled order is no longer re-sent to the merchant, and can no longer be accepted
            merchantWs.drain();
            merchantWs.assertNone("merchant:new_order", Duration.ofSeconds(2));
        }
    }

    @Test
    void orderTheMerchantAcknowledgesAndAccepts_isNotCancelled() {
        String store = TestStacks.uniqueId("store");
        Person customer = kit.person(Role.CUSTOMER);
        Person merchant = kit.merchant(store);
        try (WsClient customerWs = kit.connect(customer); WsClient merchantWs = kit.connect(merchant)) {
            String orderId = kit.place(customer, kit.deliveryBody(store));
            JsonNode newOrder = awaitFor(merchantWs, "merchant:new_order", orderId);
            merchantWs.send("{\"type\":\"ack\",\"payload\":{\"id\":\"" + text(newOrder, "id") + "\"}}");
            kit.moveTo(merchant, orderId, "accepted_by_merchant");
            awaitStatus(customerWs, orderId, "accepted_by_merchant");

            customerWs.assertNone("order:status_update", PAST_THE_WINDOW);
            assertThat(text(kit.order(customer, orderId), "status")).isEqualTo("accepted_by_merchant");
            merchantWs.drain();
            merchantWs.assertNone("merchant:new_order", Duration.ofSeconds(1));
        }
    }

    @Test
    void unacknowledgedNewOrder_isResentWithTheSameIdAndSeq_untilTheMerchantAcknowledges() {
        String store = TestStacks.uniqueId("store");
        Person customer = kit.person(Role.CUSTOMER);
        try (WsClient merchantWs = kit.connect(kit.merchant(store))) {
            String orderId = kit.place(customer, kit.deliveryBody(store));
            JsonNode first = awaitFor(merchantWs, "merchant:new_order", orderId);
            JsonNode second = awaitFor(merchantWs, "merchant:new_order", orderId);
            JsonNode third = awaitFor(merchantWs, "merchant:new_order", orderId);
            assertThat(text(second, "id")).isEqualTo(text(first, "id"));
            assertThat(text(third, "seq")).isEqualTo(text(first, "seq"));

            merchantWs.send("{\"type\":\"ack\",\"payload\":{\"id\":\"" + text(first, "id") + "\"}}");
            OrderFixtures.sleep(300);
            merchantWs.drain();
            merchantWs.assertNone("merchant:new_order", Duration.ofSeconds(2));
        }
    }

    @Test
    void acknowledgingAlone_stopsTheResends_butTheOrderStillNeedsAcceptingInTime() {
        String store = TestStacks.uniqueId("store");
        Person customer = kit.person(Role.CUSTOMER);
        try (WsClient customerWs = kit.connect(customer); WsClient merchantWs = kit.connect(kit.merchant(store))) {
            String orderId = kit.place(customer, kit.deliveryBody(store));
            JsonNode newOrder = awaitFor(merchantWs, "merchant:new_order", orderId);
            merchantWs.send("{\"type\":\"ack\",\"payload\":{\"id\":\"" + text(newOrder, "id") + "\"}}");
            JsonNode cancelled = customerWs.await(m -> "order:status_update".equals(text(m, "type"))
                    && "cancelled".equals(text(m, "payload.status")), PAST_THE_WINDOW, "cancellation");
            assertThat(text(cancelled, "payload.reason")).isEqualTo("merchant_timeout");
        }
    }

    @Test
    void withEscalation_theUnansweredOrderStaysOpen_customerAndAdminsAreTold_andTheMerchantMayStillAccept() {
        try (LocalStack stack = TestStacks.start(b -> b
                .property("ridewire.orders.merchant-timeout", "2s")
                .property("ridewire.orders.merchant-timeout-action", "escalate"))) {
            OrderFixtures escalating = new OrderFixtures(stack);
            String store = TestStacks.uniqueId("store");
            Person customer = escalating.person(Role.CUSTOMER);
            Person merchant = escalating.merchant(store);
            try (WsClient customerWs = escalating.connect(customer);
                 WsClient adminWs = escalating.connect(escalating.person(Role.ADMIN))) {
                String orderId = escalating.place(customer, escalating.deliveryBody(store));
                JsonNode escalated = customerWs.await("order:escalated", Duration.ofSeconds(10));
                assertThat(text(escalated, "payload.order_id")).isEqualTo(orderId);
                assertThat(text(escalated, "payload.reason")).isEqualTo("merchant_timeout");
                JsonNode alert = adminWs.await("admin:alert", Duration.ofSeconds(5));
                assertThat(text(alert, "payload.action")).isEqualTo("escalated");
                JsonNode order = escalating.order(customer, orderId);
                assertThat(text(order, "status")).isEqualTo("placed");
                assertThat(text(order, "escalated")).isEqualTo("true");

                escalating.moveTo(merchant, orderId, "accepted_by_merchant");
                awaitStatus(customerWs, orderId, "accepted_by_merchant");
            }
        }
    }
}
