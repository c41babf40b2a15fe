package io.ridewire.functions.payments;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.ridewire.functions.deadlines.Deadlines;
import io.ridewire.functions.delivery.EventStore;
import io.ridewire.functions.delivery.Inbox;
import io.ridewire.functions.testing.ServiceContext;
import io.ridewire.model.events.Trace;
import io.ridewire.model.identity.Caller;
import io.ridewire.model.identity.Role;
import io.ridewire.model.payments.Payment;
import io.ridewire.model.payments.PaymentFailure;
import io.ridewire.model.payments.PaymentMethods;
import io.ridewire.model.payments.PaymentStatus;
import io.ridewire.model.protocol.ErrorCode;
import io.ridewire.model.protocol.InvalidMessage;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.ridewire.functions.testing.Places.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Paying a fare from the wallet, against DynamoDB Local: the passenger is debited exactly once whoever races, and
 * every debit equals its credits (ARCHITECTURE's example: 8640 paid, 8208 to the driver, 432 to the platform).
 */
@MicronautTest(contextBuilder = ServiceContext.Shared.class)
class PaymentsTest {
    @Inject
    Payments payments;
    @Inject
    PaymentStore store;
    @Inject
    Wallets wallets;
    @Inject
    DynamoDbClient dynamo;
    @Inject
    Deadlines deadlines;
    @Inject
    EventStore events;

    @Test
    void topUps_ofTwoUsersUnderOneIdempotencyKey_areTwoMovements_andARetryOfEitherIsNot() {
        String alice = unique("alice");
        String bob = unique("bob");
        String key = unique("key");

        Wallets.TopUp first = wallets.topUp(alice, 1_000, key);
        Wallets.TopUp second = wallets.topUp(bob, 500, key);
        Wallets.TopUp retried = wallets.topUp(bob, 500, key);

        assertThat(first.applied()).isTrue();
        assertThat(second.applied()).as("another user's top-up, not a retry").isTrue();
        assertThat(second.balance()).isEqualTo(500);
        assertThat(retried.applied()).isFalse();
        assertThat(retried.balance()).isEqualTo(500);
        assertThat(wallets.topUp(alice, 1_000, key).balance()).isEqualTo(1_000);
    }

    @Test
    void concurrentWalletSelections_ofOnePayment_debitThePassengerExactlyOnce() throws Exception {
        // GIVEN a pending fare and a passenger with 10 000 in their wallet
        Payment payment = pendingFare();
        wallets.topUp(payment.passengerId(), 10_000, unique("topup"));
        long platformBefore = wallets.platformBalance();
        Caller passenger = new Caller(payment.passengerId(), Role.PASSENGER, null);
        // WHEN eight selections of the wallet race
        int racers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        List<Payments.Selection> selections = new ArrayList<>();
        try {
            List<Callable<Payments.Selection>> race = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                race.add(() -> payments.select(passenger, payment.paymentId(), PaymentMethods.WALLET, null, trace()));
            }
            for (Future<Payments.Selection> result : pool.invokeAll(race)) {
                selections.add(result.get());
            }
        } finally {
            pool.shutdownNow();
        }
        // THEN one attempt ran, the fare moved once, and the ledger balances
        assertThat(selections).filteredOn(s -> s instanceof Payments.Selection.Attempted).hasSize(1);
        assertThat(store.find(payment.paymentId())).get().extracting(Payment::status).isEqualTo(PaymentStatus.PAID);
        assertThat(wallets.balance(Accounts.user(payment.passengerId()))).isEqualTo(10_000 - 8640);
        assertThat(wallets.balance(Accounts.user(payment.driverId()))).isEqualTo(8208);
        assertThat(wallets.platformBalance() - platformBefore).isEqualTo(432);
        assertThat(wallets.entries(Accounts.user(payment.passengerId())))
                .filteredOn(entry -> payment.paymentId().equals(entry.paymentId()))
                .singleElement().extracting(LedgerEntry::amount).isEqualTo(-8640L);
    }

    @Test
    void aWalletThatDoesNotCoverTheFare_failsTheAttempt_movesNothing_andMayBeRetriedAfterATopUp() {
        Payment payment = pendingFare();
        wallets.topUp(payment.passengerId(), 5_000, unique("topup"));
        Caller passenger = new Caller(payment.passengerId(), Role.PASSENGER, null);

        payments.select(passenger, payment.paymentId(), PaymentMethods.WALLET, null, trace());

        Payment failed = store.find(payment.paymentId()).orElseThrow();
        assertThat(failed.status()).isEqualTo(PaymentStatus.FAILED);
        assertThat(failed.failure()).isEqualTo(PaymentFailure.INSUFFICIENT_BALANCE);
        assertThat(wallets.balance(Accounts.user(payment.passengerId()))).isEqualTo(5_000);
        assertThat(wallets.balance(Accounts.user(payment.driverId()))).isZero();

        wallets.topUp(payment.passengerId(), 5_000, unique("topup"));
        assertThat(payments.select(passenger, payment.paymentId(), PaymentMethods.WALLET, null, trace()))
                .isInstanceOf(Payments.Selection.Attempted.class);
        assertThat(store.find(payment.paymentId())).get().extracting(Payment::status).isEqualTo(PaymentStatus.PAID);
        assertThat(wallets.balance(Accounts.user(payment.passengerId()))).isEqualTo(10_000 - 8640);
    }

    @Test
    void selectingAfterPayment_returnsTheCompletionAgain_withoutAnotherDebit() {
        Payment payment = pendingFare();
        wallets.topUp(payment.passengerId(), 20_000, unique("topup"));
        Caller passenger = new Caller(payment.passengerId(), Role.PASSENGER, null);
        payments.select(passenger, payment.paymentId(), PaymentMethods.WALLET, null, trace());

        Payments.Selection again = payments.select(passenger, payment.paymentId(), PaymentMethods.WALLET, null, trace());

        assertThat(again).isInstanceOf(Payments.Selection.AlreadyPaid.class);
        assertThat(wallets.balance(Accounts.user(payment.passengerId()))).isEqualTo(20_000 - 8640);
    }

    @Test
    void aSettledPayment_isToldToBothParties_andItsOutboxEntryIsDoneAtOnce() {
        Payment payment = pendingFare();
        wallets.topUp(payment.passengerId(), 10_000, unique("topup"));

        payments.select(new Caller(payment.passengerId(), Role.PASSENGER, null), payment.paymentId(),
                PaymentMethods.WALLET, null, trace());

        String eventId = "payment.completed:" + payment.paymentId();
        assertThat(events.find(Inbox.user(payment.passengerId()), eventId)).isPresent();
        assertThat(events.find(Inbox.user(payment.driverId()), eventId)).isPresent();
        assertThat(deadlines.dueAt("payment-completed:" + payment.paymentId())).as("carried out by the writer").isEmpty();
    }

    @Test
    void onlyTheRidesPassenger_mayPay_andAnUnknownMethodIsRefusedWithoutAnAttempt() {
        Payment payment = pendingFare();

        assertThatThrownBy(() -> payments.select(new Caller(payment.driverId(), Role.DRIVER, null),
                payment.paymentId(), PaymentMethods.WALLET, null, trace()))
                .isInstanceOfSatisfying(InvalidMessage.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
        assertThat(payments.select(new Caller(payment.passengerId(), Role.PASSENGER, null), payment.paymentId(),
                "barter", null, trace())).isInstanceOf(Payments.Selection.Refused.class);
        assertThat(store.find(payment.paymentId())).get().extracting(Payment::status).isEqualTo(PaymentStatus.PENDING);
    }

    /** A pending fare of a ride that just ended, stored the way the ride's end stores it. */
    private Payment pendingFare() {
        return PendingFares.stored(store, dynamo);
    }

    private static Trace trace() {
        return Trace.start(unique("c"), null);
    }
}
