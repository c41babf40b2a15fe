package io.ridewire.e2e.delivery;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.ridewire.functions.delivery.DurableDelivery;
import io.ridewire.functions.delivery.Inbox;
import io.ridewire.model.identity.Role;
import io.ridewire.local.LocalStack;
import io.ridewire.e2e.fixtures.SharedStacks;
import io.ridewire.local.testing.RestClient;
import io.ridewire.local.testing.TestStacks;
import io.ridewire.local.testing.WsClient;
import io.ridewire.model.orders.payload.MerchantNewOrder;
import io.ridewire.model.orders.payload.OrderStatusUpdate;
import io.ridewire.model.protocol.EventType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.ridewire.local.testing.WsClient.text;
import static org.assertj.core.api.Assertions.assertThat;

/** Durable delivery through the gateway emulator: seq numbers, re-sends until ack, idempotency, sync, GET /events. */
class DurableDeliveryIT {
    private final LocalStack stack = SharedStacks.orders();
    private final JsonMapper json = stack.context().getBean(JsonMapper.class);
    private final DurableDelivery delivery = stack.context().getBean(DurableDelivery.class);
    private final RestClient rest = new RestClient(stack.gateway().restEndpoint(), json);

    private WsClient connect(String token) {
        WsClient client = WsClient.connectWithHeader(stack.webSocketUri(), token, json);
        client.await("connection.established");
        return client;
    }

    private static Object status(String orderId, String status) {
        return new OrderStatusUpdate(orderId, status, Instant.now(), null);
    }

    private static String newId() {
        return UUID.randomUUID().toString();
    }

    @Test
    void criticalEvent_isResentWithItsSeqUntilAcknowledged_thenNoMore() {
        String store = TestStacks.uniqueId("store");
        String token = stack.tokens().mint(Role.MERCHANT, TestStacks.uniqueId("merchant"), store, Duration.ofHours(1));
        try (WsClient merchant = connect(token)) {
            String id = newId();
            delivery.send(Inbox.store(store), id, EventType.MERCHANT_NEW_ORDER,
                    new MerchantNewOrder("o-1", JsonNode.createArrayNode(List.of()), 60));

            JsonNode first = merchant.await("merchant:new_order");
            assertThat(text(first, "id")).isEqualTo(id);
            assertThat(text(first, "seq")).isEqualTo("1");
            assertThat(text(first, "ack_required")).isEqualTo("true");
            assertThat(text(first, "payload.timer")).isEqualTo("60");

            JsonNode again = merchant.await("merchant:new_order", Duration.ofSeconds(5));
            JsonNode third = merchant.await("merchant:new_order", Duration.ofSeconds(5));
            assertThat(List.of(text(again, "id"), text(third, "id"))).containsOnly(id);
            assertThat(List.of(text(again, "seq"), text(third, "seq"))).containsOnly("1");

            merchant.send("{\"type\":\"ack\",\"id\":\"a-1\",\"payload\":{\"id\":\"" + id + "\"}}");
            merchant.assertNone("error.validation", Duration.ofMillis(500));
            merchant.drain();
            merchant.assertNone("merchant:new_order", Duration.ofSeconds(3));
        }
    }

    @Test
    void nonCriticalDurableEvent_carriesSeqButNoAckRequired_andIsNotResent() {
        String user = TestStacks.uniqueId("customer");
        try (WsClient customer = connect(stack.tokens().mint(Role.CUSTOMER, user))) {
            delivery.send(Inbox.user(user), newId(), EventType.ORDER_STATUS_UPDATE, status("o-1", "preparing"));
            JsonNode update = customer.await("order:status_update");
            assertThat(text(update, "seq")).isEqualTo("1");
            assertThat(text(update, "ack_required")).isNull();
            customer.assertNone("order:status_update", Duration.ofSeconds(2));
        }
    }

    @Test
    void sameEventIdSentTwice_isStoredOnce_andTheRepeatPushesItAgainUnderItsSeq() {
        String user = TestStacks.uniqueId("customer");
        try (WsClient customer = connect(stack.tokens().mint(Role.CUSTOMER, user))) {
            String id = newId();
            DurableDelivery.Sent first = delivery.send(Inbox.user(user), id, EventType.ORDER_STATUS_UPDATE, status("o", "ready"));
            DurableDelivery.Sent second = delivery.send(Inbox.user(user), id, EventType.ORDER_STATUS_UPDATE, status("o", "late"));
            assertThat(first.event().fresh()).isTrue();
            assertThat(second.event().fresh()).isFalse();
            assertThat(second.event().seq()).isEqualTo(first.event().seq());

            // a first try that stored the event and died before pushing it is completed by its retry
            JsonNode pushed = customer.await("order:status_update");
            JsonNode repeat = customer.await("order:status_update");
            assertThat(List.of(text(pushed, "seq"), text(repeat, "seq"))).containsOnly(text(pushed, "seq"));
            assertThat(text(repeat, "id")).isEqualTo(id);
            assertThat(text(repeat, "payload.status")).as("the stored payload, not the repeat's").isEqualTo("ready");
            RestClient.Response events = rest.get("/events?since=0", stack.tokens().mint(Role.CUSTOMER, user));
            assertThat(events.status()).isEqualTo(200);
            assertThat(events.body().get("events").size()).isEqualTo(1);
        }
    }

    @Test
    void anAcknowledgedEventSentAgain_isNotPushedAgain() {
        String store = TestStacks.uniqueId("store");
        String token = stack.tokens().mint(Role.MERCHANT, TestStacks.uniqueId("merchant"), store, Duration.ofHours(1));
        try (WsClient merchant = connect(token)) {
            String id = newId();
            MerchantNewOrder order = new MerchantNewOrder("o-1", JsonNode.createArrayNode(List.of()), 60);
            delivery.send(Inbox.store(store), id, EventType.MERCHANT_NEW_ORDER, order);
            merchant.await("merchant:new_order");
            merchant.send("{\"type\":\"ack\",\"id\":\"a-1\",\"payload\":{\"id\":\"" + id + "\"}}");
            merchant.assertNone("error.validation", Duration.ofMillis(500));
            merchant.drain();

            DurableDelivery.Sent again = delivery.send(Inbox.store(store), id, EventType.MERCHANT_NEW_ORDER, order);
            assertThat(again.event().fresh()).isFalse();
            assertThat(again.connections()).isEmpty();
            merchant.assertNone("merchant:new_order", Duration.ofSeconds(1));
        }
    }

    @Test
    void concurrentSendsToOneInbox_getDistinctIncreasingSeqs() throws Exception {
        String user = TestStacks.uniqueId("customer");
        List<Thread> threads = new ArrayList<>();
        List<Long> seqs = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 20; i++) {
            threads.add(Thread.ofVirtual().start(() -> seqs.add(delivery.send(Inbox.user(user), newId(),
                    EventType.ORDER_STATUS_UPDATE, status("o", "preparing")).event().seq())));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(seqs).doesNotHaveDuplicates().hasSize(20);
        assertThat(seqs).allMatch(seq -> seq >= 1 && seq <= 20);
        DurableDelivery.Replay replay = delivery.since(Inbox.user(user), 0, null, 100);
        assertThat(replay.events()).extracting(e -> e.seq()).containsExactly(
                java.util.stream.LongStream.rangeClosed(1, 20).boxed().toArray(Long[]::new));
    }

    @Test
    void clientThatWasAway_syncsAndReceivesEveryMissedEventOnce_inOrder() {
        String user = TestStacks.uniqueId("customer");
        String token = stack.tokens().mint(Role.CUSTOMER, user);
        String seen;
        try (WsClient customer = connect(token)) {
            delivery.send(Inbox.user(user), newId(), EventType.ORDER_STATUS_UPDATE, status("o", "placed"));
            seen = text(customer.await("order:status_update"), "seq");
        }
        List<String> missed = new ArrayList<>();
        for (String status : List.of("accepted_by_merchant", "preparing", "ready", "picked_up")) {
            String id = newId();
            missed.add(id);
            delivery.send(Inbox.user(user), id, EventType.ORDER_STATUS_UPDATE, status("o", status));
        }
        try (WsClient customer = connect(token)) {
            customer.send("{\"type\":\"sync\",\"id\":\"s-1\",\"payload\":{\"since\":" + seen + "}}");
            JsonNode completed = customer.await("sync.completed");
            assertThat(text(completed, "id")).isEqualTo("s-1");
            assertThat(text(completed, "payload.last_seq")).isEqualTo("5");
            assertThat(text(completed, "payload.count")).isEqualTo("4");
            assertThat(text(completed, "payload.has_more")).isEqualTo("false");
            customer.assertNone("no-such-event", Duration.ofMillis(500));
            List<JsonNode> replayed = customer.drain().stream()
                    .filter(m -> "order:status_update".equals(text(m, "type"))).toList();
            assertThat(replayed).extracting(m -> text(m, "id")).containsExactlyElementsOf(missed);
            assertThat(replayed).extracting(m -> text(m, "seq")).containsExactly("2", "3", "4", "5");
            assertThat(replayed).extracting(m -> text(m, "payload.status"))
                    .containsExactly("accepted_by_merchant", "preparing", "ready", "picked_up");
        }
    }

    @Test
    void syncWithAPageLimit_saysThereIsMore() {
        String user = TestStacks.uniqueId("customer");
        for (int i = 0; i < 3; i++) {
            delivery.send(Inbox.user(user), newId(), EventType.ORDER_STATUS_UPDATE, status("o", "preparing"));
        }
        try (WsClient customer = connect(stack.tokens().mint(Role.CUSTOMER, user))) {
            customer.send("{\"type\":\"sync\",\"payload\":{\"since\":0,\"limit\":2}}");
            JsonNode completed = customer.await("sync.completed");
            assertThat(text(completed, "payload.last_seq")).isEqualTo("2");
            assertThat(text(completed, "payload.has_more")).isEqualTo("true");
        }
    }

    @Test
    void syncWithoutSince_isAValidationErrorNamingTheField() {
        try (WsClient customer = connect(stack.tokens().mint(Role.CUSTOMER, TestStacks.uniqueId("customer")))) {
            customer.send("{\"type\":\"sync\",\"payload\":{}}");
            JsonNode error = customer.await("error.validation");
            assertThat(text(error, "payload.field")).isEqualTo("since");
            assertThat(text(error, "payload.code")).isEqualTo("REQUIRED");
            customer.send("{\"type\":\"sync\",\"payload\":{\"since\":-1}}");
            assertThat(text(customer.await("error.validation"), "payload.code")).isEqualTo("OUT_OF_RANGE");
        }
    }

    @Test
    void ackOfAnUnknownId_isNotFound() {
        try (WsClient customer = connect(stack.tokens().mint(Role.CUSTOMER, TestStacks.uniqueId("customer")))) {
            customer.send("{\"type\":\"ack\",\"payload\":{\"id\":\"never-sent\"}}");
            JsonNode error = customer.await("error.validation");
            assertThat(text(error, "payload.field")).isEqualTo("id");
            assertThat(text(error, "payload.code")).isEqualTo("NOT_FOUND");
        }
    }

    @Test
    void getEvents_returnsTheCallersEventsAfterSince_andNobodyElses() {
        String user = TestStacks.uniqueId("customer");
        for (String status : List.of("placed", "preparing", "ready")) {
            delivery.send(Inbox.user(user), newId(), EventType.ORDER_STATUS_UPDATE, status("o", status));
        }
        RestClient.Response page = rest.get("/events?since=1", stack.tokens().mint(Role.CUSTOMER, user));
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.text("last_seq")).isEqualTo("3");
        assertThat(page.text("has_more")).isEqualTo("false");
        JsonNode events = page.body().get("events");
        assertThat(events.size()).isEqualTo(2);
        assertThat(text(events.get(0), "seq")).isEqualTo("2");
        assertThat(text(events.get(0), "type")).isEqualTo("order:status_update");
        assertThat(text(events.get(1), "payload.status")).isEqualTo("ready");

        RestClient.Response other = rest.get("/events?since=0",
                stack.tokens().mint(Role.CUSTOMER, TestStacks.uniqueId("customer")));
        assertThat(other.status()).isEqualTo(200);
        assertThat(other.body().get("events").size()).isZero();
    }

    @Test
    void getEvents_withoutToken_is401_andWithABadSince_is400NamingTheField() {
        assertThat(rest.get("/events?since=0", null).status()).isEqualTo(401);
        RestClient.Response bad = rest.get("/events?since=abc",
                stack.tokens().mint(Role.CUSTOMER, TestStacks.uniqueId("customer")));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.text("field")).isEqualTo("since");
        assertThat(bad.text("code")).isEqualTo("INVALID_TYPE");
    }

    @Test
    void ackOverRest_stopsTheResends() {
        String store = TestStacks.uniqueId("store");
        String token = stack.tokens().mint(Role.MERCHANT, TestStacks.uniqueId("merchant"), store, Duration.ofHours(1));
        try (WsClient merchant = connect(token)) {
            String id = newId();
            delivery.send(Inbox.store(store), id, EventType.MERCHANT_NEW_ORDER,
                    new MerchantNewOrder("o-2", JsonNode.createArrayNode(List.of()), 60));
            merchant.await("merchant:new_order");
            assertThat(rest.post("/events/" + id + "/ack", token, "").status()).isEqualTo(204);
            merchant.drain();
            merchant.assertNone("merchant:new_order", Duration.ofSeconds(2));
            assertThat(rest.post("/events/unknown/ack", token, "").status()).isEqualTo(404);
        }
    }
}
