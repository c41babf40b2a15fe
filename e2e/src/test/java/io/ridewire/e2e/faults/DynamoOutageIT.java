package io.ridewire.e2e.faults;

import io.micronaut.json.tree.JsonNode;
import io.ridewire.e2e.fixtures.CuttableProxy;
import io.ridewire.e2e.fixtures.Events;
import io.ridewire.e2e.fixtures.Nats;
import io.ridewire.e2e.fixtures.OrderFixtures;
import io.ridewire.e2e.fixtures.RideFixtures;
import io.ridewire.e2e.fixtures.Spot;
import io.ridewire.functions.delivery.DurableDelivery;
import io.ridewire.functions.delivery.Inbox;
import io.ridewire.functions.delivery.StoredEvent;
import io.ridewire.functions.payments.LedgerEntry;
import io.ridewire.functions.payments.PaymentStore;
import io.ridewire.local.LocalStack;
import io.ridewire.local.dynamo.EmbeddedDynamo;
import io.ridewire.local.testing.Eventually;
import io.ridewire.local.testing.RestClient;
import io.ridewire.local.testing.TestStacks;
import io.ridewire.local.testing.WsClient;
import io.ridewire.model.identity.Role;
import io.ridewire.model.payments.PaymentStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;

import static io.ridewire.e2e.fixtures.RideFixtures.ack;
import static io.ridewire.e2e.fixtures.RideFixtures.awaitFor;
import static io.ridewire.e2e.fixtures.RideFixtures.id;
import static io.ridewire.e2e.fixtures.RideFixtures.pay;
import static io.ridewire.local.testing.WsClient.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * DynamoDB, the store of record, cut off for seconds as a network partition would: every connection between the
 * stack (handlers, REST, the bridge, the pollers) and DynamoDB Local is reset and new ones are refused, through a
 * {@link CuttableProxy}. Meanwhile a request that needs DynamoDB is answered with a clear error on a connection that
 * stays healthy, and nothing is half-applied; durable events published meanwhile wait in JetStream. Once DynamoDB is
 * back the same idempotent requests apply exactly once, every event is stored once under contiguous seqs and
 * delivered, and new connections are accepted. DynamoDB can also go silent instead ({@link CuttableProxy#hang()}):
 * requests reach nothing and nothing answers, and only the client's timeouts, set short here, end a request's wait.
 */
class DynamoOutageIT {
    private static final Duration CUT = Duration.ofSeconds(5);
    /** The stack's DynamoDB timeouts, shorter than the defaults so that a hang is over in seconds. */
    private static final String ATTEMPT_TIMEOUT = "1s";
    private static final String CALL_TIMEOUT = "3s";
    /** How soon a request needing a silent DynamoDB must be answered: the call timeout, and time to spare. */
    private static final Duration HUNG_ANSWER = Duration.ofSeconds(6);
    private static EmbeddedDynamo dynamo;
    private static CuttableProxy proxy;
    private static LocalStack stack;
    private static RideFixtures rides;
    private static Events events;

    @BeforeAll
    static void start() {
        dynamo = EmbeddedDynamo.start();
        proxy = CuttableProxy.to(dynamo.endpoint());
        stack = TestStacks.start(b -> b
                .property("ridewire.aws.dynamodb-endpoint", proxy.endpoint().toString())
                .property("ridewire.location.max-clock-skew", "2h")
                .property("ridewire.rides.progress-interval", "0s")
                .property("ridewire.aws.dynamodb-attempt-timeout", ATTEMPT_TIMEOUT)
                .property("ridewire.aws.dynamodb-call-timeout", CALL_TIMEOUT)
                // an event the bridge could not store is tried again within a second or two, not 5 s, 10 s, …
                .property("ridewire.bridge.retry.payment", "10/exponential/500ms/2s"));
        rides = new RideFixtures(stack);
        events = new Events(stack);
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
        proxy.close();
        dynamo.close();
    }

    @Test
    void dynamoCutForSeconds_requestsFailCleanly_eventsWait_andRetriesApplyExactlyOnce() {
        Spot pickup = Spot.random();
        String driverId = id("driver");
        String passengerId = id("passenger");
        String listenerId = id("listener");
        String lateId = id("customer");
        String admin = stack.tokens().mint(Role.ADMIN, id("admin"));
        String topUpKey = UUID.randomUUID().toString();
        rides.topUp(passengerId, 10_000);
        try (WsClient driver = rides.driverOn(driverId, pickup);
             WsClient passenger = rides.connect(Role.PASSENGER, passengerId);
             WsClient listener = rides.connect(Role.PASSENGER, listenerId)) {
            String rideId = rides.completedOneKmRide(driver, passenger, pickup);
            JsonNode request = awaitFor(passenger, "payment.request", "ride_id", rideId);
            ack(passenger, request);
            String paymentId = text(request, "payload.payment_id");
            List<String> published = new ArrayList<>();
            published.add(publishFor(listenerId));
            listener.await(m -> published.getFirst().equals(text(m, "id")), Duration.ofSeconds(10), "the first event");

            // the cut lasts until every request below is answered (the SDK tries a call 9 times over up to ~5 s), then
            // until CUT is over
            proxy.cut();
            long cutAt = System.nanoTime();
            try {
                // (a) answered with a clear error, on a connection that stays open and answers a ping
                passenger.send(pay(paymentId, "wallet"));
                assertInternalError(passenger, "pay-1");
                passenger.send("{\"type\":\"sync\",\"id\":\"sync-1\",\"payload\":{\"since\":0}}");
                assertInternalError(passenger, "sync-1");
                passenger.send("{\"type\":\"ping\",\"id\":\"ping-1\"}");
                assertThat(text(passenger.await(m -> "ping-1".equals(text(m, "id")), Duration.ofSeconds(5), "pong"),
                        "type")).isEqualTo("pong");
                RestClient.Response topUp = topUp(admin, passengerId, topUpKey);
                assertThat(topUp.status()).as(topUp.raw()).isGreaterThanOrEqualTo(500);
                // a connection $connect cannot register is refused, not opened half-known
                assertThat(handshakeStatus(stack.tokens().mint(Role.CUSTOMER, lateId))).isGreaterThanOrEqualTo(500);
                // (b) durable events published meanwhile
                for (int i = 0; i < 3; i++) {
                    published.add(publishFor(listenerId));
                }
                long left = CUT.toNanos() - (System.nanoTime() - cutAt);
                if (left > 0) {
                    Thread.sleep(Duration.ofNanos(left));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            } finally {
                proxy.heal();
            }
            assertThat(passenger.isClosed()).as("the passenger's connection survived the cut").isFalse();
            assertThat(driver.isClosed()).as("the driver's connection survived the cut").isFalse();
            assertThat(listener.isClosed()).as("the listener's connection survived the cut").isFalse();
            assertThat(proxy.resets()).as("the cut reset the SDK's open connections").isPositive();
            // nothing half-applied: no debit, no credit, the payment still open
            assertThat(rides.balance(passengerId)).isEqualTo(10_000);
            assertThat(rides.ledger(passengerId)).hasSize(1);
            assertThat(stack.context().getBean(PaymentStore.class).find(paymentId).orElseThrow().status())
                    .isNotEqualTo(PaymentStatus.PAID);
            for (int i = 0; i < 2; i++) {
                published.add(publishFor(listenerId));
            }

            // (c) the same requests again: each applied once
            passenger.send(pay(paymentId, "wallet").replace("pay-1", "pay-2"));
            awaitFor(passenger, "payment.completed", "payment_id", paymentId);
            awaitFor(driver, "payment.completed", "payment_id", paymentId);
            RestClient.Response retried = topUp(admin, passengerId, topUpKey);
            assertThat(retried.status()).as(retried.raw()).isEqualTo(200);
            assertThat(retried.text("applied")).isEqualTo("true");
            RestClient.Response again = topUp(admin, passengerId, topUpKey);
            assertThat(again.text("applied")).as(again.raw()).isEqualTo("false");
            assertThat(rides.balance(passengerId)).isEqualTo(10_000 - 3000 + 5000);
            assertThat(rides.ledger(passengerId)).extracting(LedgerEntry::amount)
                    .containsExactlyInAnyOrder(10_000L, -3000L, 5000L);
            assertThat(rides.balance(driverId)).isEqualTo(2850);
            assertThat(rides.ledger(driverId)).extracting(LedgerEntry::amount).containsExactly(2850L);
            assertThat(stack.context().getBean(PaymentStore.class).find(paymentId).orElseThrow().attempts())
                    .as("one attempt took the payment").isEqualTo(1);

            // (d) every event reached the listener and is stored once, under contiguous seqs (in the order of storing:
            // one retried after the cut is overtaken by those published later, as docs/bridge.md says)
            for (String eventId : published.subList(1, published.size())) {
                listener.await(m -> eventId.equals(text(m, "id")), Duration.ofSeconds(20), "event " + eventId);
            }
            DurableDelivery delivery = stack.context().getBean(DurableDelivery.class);
            List<StoredEvent> stored = delivery.since(Inbox.user(listenerId), 0, null, 100).events();
            assertThat(stored).extracting(StoredEvent::eventId).containsExactlyInAnyOrderElementsOf(published);
            assertContiguous(stored);
            assertContiguous(delivery.since(Inbox.user(passengerId), 0, null, 100).events());
            assertContiguous(delivery.since(Inbox.user(driverId), 0, null, 100).events());

            // (e) the old connections still work, and new ones are accepted
            passenger.send("{\"type\":\"ping\",\"id\":\"ping-2\"}");
            passenger.await(m -> "ping-2".equals(text(m, "id")), Duration.ofSeconds(5), "pong after the cut");
            try (WsClient late = rides.connect(Role.CUSTOMER, lateId)) {
                late.send("{\"type\":\"ping\",\"id\":\"ping-3\"}");
                late.await(m -> "ping-3".equals(text(m, "id")), Duration.ofSeconds(5), "pong on a new connection");
            }
        }
    }

    @Test
    void dynamoCutTheMomentAPaymentSettles_theDriverAndThePlatformAreStillTold() {
        Spot pickup = Spot.random();
        String driverId = id("driver");
        String passengerId = id("passenger");
        rides.topUp(passengerId, 10_000);
        try (WsClient driver = rides.driverOn(driverId, pickup);
             WsClient passenger = rides.connect(Role.PASSENGER, passengerId);
             Nats paidEvents = new Nats(stack, "payment.completed")) {
            String rideId = rides.completedOneKmRide(driver, passenger, pickup);
            JsonNode request = awaitFor(passenger, "payment.request", "ride_id", rideId);
            ack(passenger, request);
            String paymentId = text(request, "payload.payment_id");

            // the settling transaction commits and is answered; DynamoDB is gone before the next call
            proxy.cutAfterAnswerTo("TransactWriteItems", LedgerEntry.forPayment(paymentId));
            passenger.send(pay(paymentId, "wallet"));
            try {
                Eventually.until(proxy::isCut, Duration.ofSeconds(10));
                passenger.await(m -> "pay-1".equals(text(m, "id")), Duration.ofSeconds(10), "payment.processing");
                assertThat(passenger.isClosed()).isFalse();
                OrderFixtures.sleep(CUT.toMillis());
            } finally {
                proxy.heal();
            }

            // the money moved once, and everyone is told without the passenger having to ask again
            assertThat(rides.balance(passengerId)).isEqualTo(10_000 - 3000);
            assertThat(rides.balance(driverId)).isEqualTo(2850);
            assertThat(stack.context().getBean(PaymentStore.class).find(paymentId).orElseThrow().status())
                    .isEqualTo(PaymentStatus.PAID);
            for (WsClient party : List.of(driver, passenger)) {
                party.await(m -> ("payment.completed:" + paymentId).equals(text(m, "id")), Duration.ofSeconds(20),
                        "the durable payment.completed");
            }
            paidEvents.await(Nats.field("payment_id", paymentId), Duration.ofSeconds(20));
            assertThat(rides.ledger(passengerId)).filteredOn(e -> paymentId.equals(e.paymentId()))
                    .extracting(LedgerEntry::amount).containsExactly(-3000L);
            assertThat(rides.ledger(driverId)).extracting(LedgerEntry::amount).containsExactly(2850L);
        }
    }

    @Test
    void dynamoStopsAnswering_aRequestIsAnsweredWithAnErrorWithinSeconds_andTheSameRequestSucceedsOnceItAnswers() {
        try (WsClient passenger = rides.connect(Role.PASSENGER, id("passenger"))) {
            proxy.hang();
            try {
                // without timeouts of its own the DynamoDB client would wait out its socket timeout on every retry
                passenger.send("{\"type\":\"sync\",\"id\":\"hung-sync\",\"payload\":{\"since\":0}}");
                JsonNode answer = passenger.await(m -> "hung-sync".equals(text(m, "id")), HUNG_ANSWER,
                        "answer to sync while DynamoDB is silent");
                assertThat(text(answer, "type")).as(answer.toString()).isEqualTo("connection.error");
                assertThat(text(answer, "payload.code")).isEqualTo("INTERNAL_ERROR");
                passenger.send("{\"type\":\"ping\",\"id\":\"hung-ping\"}");
                assertThat(text(passenger.await(m -> "hung-ping".equals(text(m, "id")), Duration.ofSeconds(5),
                        "pong"), "type")).isEqualTo("pong");
            } finally {
                proxy.heal();
            }
            assertThat(passenger.isClosed()).as("the connection survived the silence").isFalse();
            passenger.send("{\"type\":\"sync\",\"id\":\"healed-sync\",\"payload\":{\"since\":0}}");
            JsonNode answer = passenger.await(m -> "healed-sync".equals(text(m, "id")), Duration.ofSeconds(15),
                    "answer to sync once DynamoDB answers again");
            assertThat(text(answer, "type")).as(answer.toString()).isEqualTo("sync.completed");
        }
    }

    /**
     * The HTTP status a handshake is answered with (101: opened), waiting longer than {@link WsClient#refusedStatus}
     * does by default: a {@code $connect} whose DynamoDB calls all fail runs to its 10 s timeout.
     */
    private static int handshakeStatus(String token) {
        return WsClient.refusedStatus(stack.webSocketUri(), token, Duration.ofSeconds(30), Duration.ofSeconds(40));
    }

    private static void assertInternalError(WsClient client, String messageId) {
        JsonNode answer = client.await(m -> messageId.equals(text(m, "id")), Duration.ofSeconds(15), messageId);
        assertThat(text(answer, "type")).as("answer to %s", messageId).isEqualTo("connection.error");
        assertThat(text(answer, "payload.code")).isEqualTo("INTERNAL_ERROR");
    }

    private static void assertContiguous(List<StoredEvent> stored) {
        assertThat(stored).extracting(StoredEvent::eventId).doesNotHaveDuplicates();
        assertThat(stored).extracting(StoredEvent::seq).containsExactlyElementsOf(
                LongStream.rangeClosed(1, stored.size()).boxed().toList());
    }

    private static RestClient.Response topUp(String admin, String userId, String key) {
        return rides.rest().post("/wallets/" + userId + "/top-up", admin, "{\"amount\":5000}", key);
    }

    /** A payment.completed from the payment service for the listener (passenger) and a driver who is not connected. */
    private static String publishFor(String listenerId) {
        return events.publish("payment.completed", "payment-service", "{\"payment_id\":\"" + UUID.randomUUID()
                + "\",\"ride_id\":\"r\",\"passenger_id\":\"" + listenerId + "\",\"driver_id\":\"" + id("offline")
                + "\",\"amount\":1000,\"payment_method\":\"wallet\",\"transaction_id\":\"t\"}");
    }
}
