package io.ridewire.e2e.faults;

import io.nats.client.JetStreamApiException;
import io.nats.client.api.StreamInfoOptions;
import io.nats.client.api.Subject;
import io.ridewire.bridge.timers.DeadlinePoller;
import io.ridewire.deployment.StreamCatalogue;
import io.ridewire.deployment.TableCatalogue;
import io.ridewire.functions.aws.TableNames;
import io.ridewire.functions.deadlines.DeadlineHandler;
import io.ridewire.functions.deadlines.DeadlineSettings;
import io.ridewire.functions.deadlines.Deadlines;
import io.ridewire.functions.delivery.DurableDelivery;
import io.ridewire.functions.delivery.Inbox;
import io.ridewire.functions.delivery.StoredEvent;
import io.ridewire.functions.events.NatsConnection;
import io.ridewire.functions.payments.Accounts;
import io.ridewire.functions.payments.PaymentStore;
import io.ridewire.functions.payments.Payments;
import io.ridewire.functions.payments.Wallets;
import io.ridewire.local.LocalStack;
import io.ridewire.local.testing.Eventually;
import io.ridewire.local.testing.TestStacks;
import io.ridewire.model.billing.Settlement;
import io.ridewire.model.events.Subjects;
import io.ridewire.model.events.Trace;
import io.ridewire.model.identity.Caller;
import io.ridewire.model.identity.Role;
import io.ridewire.model.payments.Payment;
import io.ridewire.model.payments.PaymentFailure;
import io.ridewire.model.payments.PaymentKind;
import io.ridewire.model.payments.PaymentMethods;
import io.ridewire.model.payments.PaymentStatus;
import io.ridewire.model.protocol.EventType;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * However an attempt ends, it is told. A payment's settlement commits its {@code payment.completed} with it, as an
 * outbox entry: when telling the parties fails right after the commit (here the driver's inbox refuses writes, as a
 * process killed there would never make them), the payment stays paid once and the deadline poller tells both
 * parties and the platform later, once each. An attempt that dies before its outcome, or after recording a failure
 * but before telling it, is told by its watch after the lease ({@code LapsedAttempts}).
 */
class PaymentOutboxIT {
    private static final Settlement FARE = new Settlement(8640, 8208, 432);
    private static final Duration LEASE = Duration.ofSeconds(2);

    @Test
    void notTellingAPaymentAfterItsSettlement_leavesItToThePoller_whichTellsEveryoneOnce() throws Exception {
        try (LocalStack own = TestStacks.start(b -> b.bridge(false))) {
            // the stack's poller stands for the bridge's: stopped, what the writer left behind stays visible
            own.context().getBean(DeadlinePoller.class).close();
            PaymentStore store = own.context().getBean(PaymentStore.class);
            Wallets wallets = own.context().getBean(Wallets.class);
            DynamoDbClient dynamo = own.context().getBean(DynamoDbClient.class);
            DurableDelivery delivery = own.context().getBean(DurableDelivery.class);
            Deadlines deadlines = own.context().getBean(Deadlines.class);
            Payment payment = storedFare(own);
            wallets.topUp(payment.passengerId(), 10_000, TestStacks.uniqueId("topup"));
            // the driver's inbox counter is unreadable: their payment.completed cannot be stored until it is mended
            Map<String, AttributeValue> counter = unreadableCounter(own, payment.driverId());

            Payments.Selection selection = select(own, payment);

            assertThat(selection).as("the settlement committed; telling it is owed, not the caller's failure")
                    .isInstanceOf(Payments.Selection.Attempted.class);
            assertThat(store.find(payment.paymentId()).orElseThrow().status()).isEqualTo(PaymentStatus.PAID);
            String entry = "payment-completed:" + payment.paymentId();
            assertThat(deadlines.dueAt(entry)).as("the completion's outbox entry, still owed").isPresent();

            dynamo.deleteItem(b -> b.tableName(eventsTable(own)).key(counter));
            runPollerUntilDone(own, entry);

            String eventId = "payment.completed:" + payment.paymentId();
            assertThat(completions(delivery, Inbox.user(payment.passengerId())))
                    .singleElement().extracting(StoredEvent::eventId).isEqualTo(eventId);
            assertThat(completions(delivery, Inbox.user(payment.driverId())))
                    .singleElement().extracting(StoredEvent::eventId).isEqualTo(eventId);
            assertThat(count(own.context().getBean(NatsConnection.class), Subjects.PAYMENT_COMPLETED)).isEqualTo(1);
            assertThat(wallets.balance(Accounts.user(payment.passengerId()))).as("debited once").isEqualTo(10_000 - 8640);
        }
    }

    @Test
    void anAttemptThatDiesBeforeItsOutcome_isFailedAfterItsLease_andThePassengerIsToldOnce() throws Exception {
        try (LocalStack own = TestStacks.start(b -> b.bridge(false)
                .property("ridewire.payments.processing-lease", LEASE.toString()))) {
            own.context().getBean(DeadlinePoller.class).close();
            DynamoDbClient dynamo = own.context().getBean(DynamoDbClient.class);
            Wallets wallets = own.context().getBean(Wallets.class);
            PaymentStore store = own.context().getBean(PaymentStore.class);
            Payment payment = storedFare(own);
            wallets.topUp(payment.passengerId(), 10_000, TestStacks.uniqueId("topup"));
            // the driver's wallet cannot be credited: the settlement throws, as a process killed mid-attempt stops
            String walletTable = own.context().getBean(TableNames.class).of(TableCatalogue.WALLETS);
            Map<String, AttributeValue> driverWallet = Map.of("wallet_id",
                    AttributeValue.fromS(Accounts.user(payment.driverId())));
            dynamo.putItem(b -> b.tableName(walletTable).item(Map.of("wallet_id", driverWallet.get("wallet_id"),
                    "balance", AttributeValue.fromS("unreadable"))));

            assertThatThrownBy(() -> select(own, payment)).as("the attempt dies mid-way");
            Payment held = store.find(payment.paymentId()).orElseThrow();
            assertThat(held.status()).as("held by the dead attempt, nobody told").isEqualTo(PaymentStatus.PROCESSING);
            assertThat(failures(own, payment)).isEmpty();
            String watch = "payment-attempt:" + payment.paymentId() + ":" + held.transactionId();
            assertThat(own.context().getBean(Deadlines.class).dueAt(watch)).as("its watch").isPresent();

            dynamo.deleteItem(b -> b.tableName(walletTable).key(driverWallet));
            runPollerUntilDone(own, watch);

            Payment lapsed = store.find(payment.paymentId()).orElseThrow();
            assertThat(lapsed.status()).isEqualTo(PaymentStatus.FAILED);
            assertThat(lapsed.failure()).isEqualTo(PaymentFailure.LAPSED);
            assertThat(failures(own, payment)).singleElement().extracting(StoredEvent::eventId)
                    .isEqualTo("payment.failed:" + payment.paymentId() + ":" + held.transactionId());
            assertThat(count(own.context().getBean(NatsConnection.class), Subjects.PAYMENT_FAILED)).isEqualTo(1);
            assertThat(wallets.balance(Accounts.user(payment.passengerId()))).as("nothing taken").isEqualTo(10_000);
            // AND the passenger pays again, once
            select(own, payment);
            assertThat(store.find(payment.paymentId()).orElseThrow().status()).isEqualTo(PaymentStatus.PAID);
            assertThat(wallets.balance(Accounts.user(payment.passengerId()))).isEqualTo(10_000 - 8640);
        }
    }

    @Test
    void aFailureRecordedButNotTold_isToldByTheAttemptsWatch_once() throws Exception {
        try (LocalStack own = TestStacks.start(b -> b.bridge(false)
                .property("ridewire.payments.processing-lease", LEASE.toString()))) {
            own.context().getBean(DeadlinePoller.class).close();
            DynamoDbClient dynamo = own.context().getBean(DynamoDbClient.class);
            PaymentStore store = own.context().getBean(PaymentStore.class);
            Payment payment = storedFare(own);
            // no balance: the attempt fails; the passenger's inbox counter is unreadable, so telling it fails
            Map<String, AttributeValue> counter = unreadableCounter(own, payment.passengerId());

            assertThatThrownBy(() -> select(own, payment)).as("the failure is recorded, telling it fails");
            Payment failed = store.find(payment.paymentId()).orElseThrow();
            assertThat(failed.status()).isEqualTo(PaymentStatus.FAILED);
            assertThat(failed.failure()).isEqualTo(PaymentFailure.INSUFFICIENT_BALANCE);
            String watch = "payment-attempt:" + payment.paymentId() + ":" + failed.transactionId();

            dynamo.deleteItem(b -> b.tableName(eventsTable(own)).key(counter));
            runPollerUntilDone(own, watch);

            assertThat(failures(own, payment)).singleElement().satisfies(event -> {
                assertThat(event.eventId()).isEqualTo("payment.failed:" + payment.paymentId() + ":"
                        + failed.transactionId());
                assertThat(event.payloadJson()).contains("insufficient_balance");
            });
            assertThat(count(own.context().getBean(NatsConnection.class), Subjects.PAYMENT_FAILED)).isEqualTo(1);
            assertThat(store.find(payment.paymentId()).orElseThrow().failedAt()).isEqualTo(failed.failedAt());
        }
    }

    private static Payment storedFare(LocalStack stack) {
        Instant now = Instant.now();
        Payment payment = Payment.request(TestStacks.uniqueId("pay"), TestStacks.uniqueId("ride"),
                PaymentKind.RIDE_FARE, TestStacks.uniqueId("passenger"), TestStacks.uniqueId("driver"), 9600,
                FARE, now, now.plus(Duration.ofMinutes(10)));
        stack.context().getBean(DynamoDbClient.class).transactWriteItems(b -> b.transactItems(
                stack.context().getBean(PaymentStore.class).create(payment)));
        return payment;
    }

    private static Payments.Selection select(LocalStack stack, Payment payment) {
        return stack.context().getBean(Payments.class).select(new Caller(payment.passengerId(), Role.PASSENGER, null),
                payment.paymentId(), PaymentMethods.WALLET, null, Trace.start(TestStacks.uniqueId("c"), null));
    }

    private static String eventsTable(LocalStack stack) {
        return stack.context().getBean(TableNames.class).of(TableCatalogue.EVENTS);
    }

    /** Makes {@code user}'s inbox counter unreadable, so nothing can be stored for them until it is deleted. */
    private static Map<String, AttributeValue> unreadableCounter(LocalStack stack, String user) {
        Map<String, AttributeValue> counter = Map.of("inbox", AttributeValue.fromS("user#" + user),
                "sk", AttributeValue.fromS("seq"));
        stack.context().getBean(DynamoDbClient.class).putItem(b -> b.tableName(eventsTable(stack)).item(Map.of(
                "inbox", counter.get("inbox"), "sk", counter.get("sk"), "seq", AttributeValue.fromN("0.5"))));
        return counter;
    }

    /** Runs a poller as the bridge's until the deadline {@code id} is gone. */
    private static void runPollerUntilDone(LocalStack stack, String id) {
        Deadlines deadlines = stack.context().getBean(Deadlines.class);
        try (DeadlinePoller bridgePoller = new DeadlinePoller(deadlines,
                stack.context().getBean(DeadlineSettings.class),
                List.copyOf(stack.context().getBeansOfType(DeadlineHandler.class)))) {
            bridgePoller.start();
            Eventually.until(() -> deadlines.dueAt(id).isEmpty(), Duration.ofSeconds(30));
        }
    }

    private static List<StoredEvent> failures(LocalStack stack, Payment payment) {
        return stack.context().getBean(DurableDelivery.class).since(Inbox.user(payment.passengerId()), 0, null, 100)
                .events().stream().filter(event -> EventType.PAYMENT_FAILED.wireName().equals(event.type())).toList();
    }

    private static List<StoredEvent> completions(DurableDelivery delivery, Inbox inbox) {
        return delivery.since(inbox, 0, null, 100).events().stream()
                .filter(event -> EventType.PAYMENT_COMPLETED.wireName().equals(event.type())).toList();
    }

    /** Messages stored on {@code subject} in the payments stream: this stack carries only this test's payment. */
    private static long count(NatsConnection nats, String subject) throws IOException, JetStreamApiException {
        String name = nats.subject(subject);
        List<Subject> subjects = nats.connection().orElseThrow().jetStreamManagement()
                .getStreamInfo(nats.streamName(StreamCatalogue.PAYMENTS), StreamInfoOptions.filterSubjects(name))
                .getStreamState().getSubjects();
        return subjects == null ? 0 : subjects.stream().filter(s -> s.getName().equals(name))
                .mapToLong(Subject::getCount).sum();
    }
}
