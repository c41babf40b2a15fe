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

/**
 * A payment's settlement commits its {@code payment.completed} with it, as an outbox entry: when telling the parties
 * fails right after the commit (here the driver's inbox refuses writes, as a process killed there would never make
 * them), the payment stays paid once and the deadline poller tells both parties and the platform later, once each.
 */
class PaymentOutboxIT {
    private static final Settlement FARE = new Settlement(8640, 8208, 432);

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
            Instant now = Instant.now();
            Payment payment = Payment.request(TestStacks.uniqueId("pay"), TestStacks.uniqueId("ride"),
                    PaymentKind.RIDE_FARE, TestStacks.uniqueId("passenger"), TestStacks.uniqueId("driver"), 9600,
                    FARE, now, now.plus(Duration.ofMinutes(10)));
            dynamo.transactWriteItems(b -> b.transactItems(store.create(payment)));
            wallets.topUp(payment.passengerId(), 10_000, TestStacks.uniqueId("topup"));
            // the driver's inbox counter is unreadable: their payment.completed cannot be stored until it is mended
            String events = own.context().getBean(TableNames.class).of(TableCatalogue.EVENTS);
            Map<String, AttributeValue> counter = Map.of("inbox", AttributeValue.fromS("user#" + payment.driverId()),
                    "sk", AttributeValue.fromS("seq"));
            dynamo.putItem(b -> b.tableName(events).item(Map.of("inbox", counter.get("inbox"), "sk", counter.get("sk"),
                    "seq", AttributeValue.fromN("0.5"))));

            Payments.Selection selection = own.context().getBean(Payments.class).select(
                    new Caller(payment.passengerId(), Role.PASSENGER, null), payment.paymentId(),
                    PaymentMethods.WALLET, null, Trace.start(TestStacks.uniqueId("c"), null));

            assertThat(selection).as("the settlement committed; telling it is owed, not the caller's failure")
                    .isInstanceOf(Payments.Selection.Attempted.class);
            assertThat(store.find(payment.paymentId()).orElseThrow().status()).isEqualTo(PaymentStatus.PAID);
            String entry = "payment-completed:" + payment.paymentId();
            assertThat(deadlines.dueAt(entry)).as("the completion's outbox entry, still owed").isPresent();

            dynamo.deleteItem(b -> b.tableName(events).key(counter));
            try (DeadlinePoller bridgePoller = new DeadlinePoller(deadlines,
                    own.context().getBean(DeadlineSettings.class),
                    List.copyOf(own.context().getBeansOfType(DeadlineHandler.class)))) {
                bridgePoller.start();
                Eventually.until(() -> deadlines.dueAt(entry).isEmpty(), Duration.ofSeconds(30));
            }

            String eventId = "payment.completed:" + payment.paymentId();
            assertThat(completions(delivery, Inbox.user(payment.passengerId())))
                    .singleElement().extracting(StoredEvent::eventId).isEqualTo(eventId);
            assertThat(completions(delivery, Inbox.user(payment.driverId())))
                    .singleElement().extracting(StoredEvent::eventId).isEqualTo(eventId);
            assertThat(count(own.context().getBean(NatsConnection.class), Subjects.PAYMENT_COMPLETED)).isEqualTo(1);
            assertThat(wallets.balance(Accounts.user(payment.passengerId()))).as("debited once").isEqualTo(10_000 - 8640);
        }
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
