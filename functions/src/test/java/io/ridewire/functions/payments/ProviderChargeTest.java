package io.ridewire.functions.payments;

import io.micronaut.context.ApplicationContext;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.ridewire.functions.deadlines.Deadline;
import io.ridewire.functions.deadlines.Deadlines;
import io.ridewire.functions.delivery.EventStore;
import io.ridewire.functions.delivery.Inbox;
import io.ridewire.functions.delivery.StoredEvent;
import io.ridewire.functions.testing.BusyTransactions;
import io.ridewire.functions.testing.ServiceContext;
import io.ridewire.model.events.Trace;
import io.ridewire.model.identity.Caller;
import io.ridewire.model.identity.Role;
import io.ridewire.model.payments.Payment;
import io.ridewire.model.payments.PaymentMethods;
import io.ridewire.model.payments.PaymentStatus;
import io.ridewire.model.protocol.EventType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static io.ridewire.functions.testing.Places.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Paying through an outside provider ({@link TestCardProvider}), against DynamoDB Local: once the provider may have
 * taken the money, the payment is never paid again by the wallet nor failed — a retry by the same method charges
 * idempotently and settles it, one movement in the ledger.
 */
@MicronautTest(contextBuilder = ServiceContext.Shared.class)
class ProviderChargeTest {

    @Inject
    ApplicationContext context;
    @Inject
    Payments payments;
    @Inject
    PaymentStore store;
    @Inject
    Wallets wallets;
    @Inject
    DynamoDbClient dynamo;
    @Inject
    EventStore events;
    @Inject
    TestCardProvider card;
    @Inject
    PaymentProviders providers;
    @Inject
    PaymentNotices notices;
    @Inject
    PaymentCompletions completions;
    @Inject
    LapsedAttempts lapses;
    @Inject
    PaymentSettings settings;
    @Inject
    Deadlines deadlines;
    @Inject
    Clock clock;

    @Test
    void aChargeWhoseProcessDiedBeforeSettling_refusesTheWalletAfterTheLease_andTheCardSettlesItOnce() {
        // GIVEN a passenger with 20 000 in the wallet, whose card is charged by a process that dies right after
        Payment payment = chargedByADyingProcess();
        Caller passenger = new Caller(payment.passengerId(), Role.PASSENGER, null);
        // WHEN the attempt's lease has run out and the passenger selects the wallet
        Payments later = payments(clockAfterTheLease(), realSettlement());
        Payments.Selection wallet = later.select(passenger, payment.paymentId(), PaymentMethods.WALLET, null, trace());
        // THEN it is refused: the card charge is still open, and the wallet is not touched
        assertThat(wallet).isInstanceOfSatisfying(Payments.Selection.InProgress.class,
                p -> assertThat(p.processing().method()).isEqualTo(TestCardProvider.METHOD));
        assertThat(wallets.balance(Accounts.user(payment.passengerId()))).isEqualTo(20_000);
        assertThat(store.find(payment.paymentId())).get().extracting(Payment::status).isEqualTo(PaymentStatus.PROCESSING);
        // AND the card again charges under the same key and settles: paid once, one movement in the ledger
        assertThat(later.select(passenger, payment.paymentId(), TestCardProvider.METHOD, null, trace()))
                .isInstanceOf(Payments.Selection.Attempted.class);
        assertThat(store.find(payment.paymentId())).get().extracting(Payment::status).isEqualTo(PaymentStatus.PAID);
        assertThat(card.charges(payment.paymentId())).isEqualTo(1);
        assertThat(wallets.balance(Accounts.user(payment.passengerId()))).isEqualTo(20_000);
        assertThat(wallets.balance(Accounts.user(payment.driverId()))).isEqualTo(8208);
        assertThat(wallets.entries(Accounts.user(payment.passengerId())))
                .noneMatch(entry -> payment.paymentId().equals(entry.paymentId()));
        assertThat(wallets.entries(Accounts.external(TestCardProvider.METHOD)))
                .filteredOn(entry -> payment.paymentId().equals(entry.paymentId()))
                .singleElement().extracting(LedgerEntry::amount).isEqualTo(-8640L);
    }

    @Test
    void aSettlementBusyOnceAfterTheCharge_isTriedAgain_notFailed() {
        // GIVEN a card charge whose first settlement conflicts through all its tries
        Payment payment = pendingFare();
        Caller passenger = new Caller(payment.passengerId(), Role.PASSENGER, null);
        AtomicInteger cancelled = new AtomicInteger();
        Payments busyOnce = payments(clock, busy(settings.getConflictRetries(), cancelled));
        // WHEN the passenger pays by card
        busyOnce.select(passenger, payment.paymentId(), TestCardProvider.METHOD, null, trace());
        // THEN the settlement is tried again and pays it; no payment.failed invites a second payment
        assertThat(cancelled).hasValue(settings.getConflictRetries());
        assertThat(store.find(payment.paymentId())).get().extracting(Payment::status).isEqualTo(PaymentStatus.PAID);
        assertThat(card.charges(payment.paymentId())).isEqualTo(1);
        assertThat(failuresTold(payment)).isZero();
    }

    @Test
    void aSettlementThatStaysBusyAfterTheCharge_leavesThePaymentProcessing_forARetryByTheCard() {
        // GIVEN a card charge whose settlements all conflict
        Payment payment = pendingFare();
        wallets.topUp(payment.passengerId(), 20_000, unique("topup"));
        Caller passenger = new Caller(payment.passengerId(), Role.PASSENGER, null);
        // WHEN the passenger pays by card
        payments(clock, busy(Integer.MAX_VALUE, new AtomicInteger()))
                .select(passenger, payment.paymentId(), TestCardProvider.METHOD, null, trace());
        // THEN the payment is neither failed nor told so: it stays processing with the charge open
        Payment processing = store.find(payment.paymentId()).orElseThrow();
        assertThat(processing.status()).isEqualTo(PaymentStatus.PROCESSING);
        assertThat(processing.chargeMethod()).isEqualTo(TestCardProvider.METHOD);
        assertThat(failuresTold(payment)).isZero();
        // AND after the lease the wallet is refused and the card settles it without a second charge
        Payments later = payments(clockAfterTheLease(), realSettlement());
        assertThat(later.select(passenger, payment.paymentId(), PaymentMethods.WALLET, null, trace()))
                .isInstanceOf(Payments.Selection.InProgress.class);
        later.select(passenger, payment.paymentId(), TestCardProvider.METHOD, null, trace());
        assertThat(store.find(payment.paymentId())).get().extracting(Payment::status).isEqualTo(PaymentStatus.PAID);
        assertThat(card.charges(payment.paymentId())).isEqualTo(1);
        assertThat(wallets.balance(Accounts.user(payment.passengerId()))).isEqualTo(20_000);
    }

    @Test
    void aChargeWhoseProcessDiedBeforeSettling_isCarriedOnByItsWatch_withoutThePassenger() {
        // GIVEN a passenger with 20 000 in the wallet, whose card is charged by a process that dies right after
        Payment payment = chargedByADyingProcess();
        String deadAttempt = store.find(payment.paymentId()).orElseThrow().transactionId();
        // WHEN the dead attempt's watch fires after its lease, and the passenger does nothing
        fireTheWatchAfterTheLease(payment, deadAttempt);
        // THEN the card is asked again under the same key and the payment settles: paid once, the wallet untouched
        assertThat(store.find(payment.paymentId())).get().extracting(Payment::status).isEqualTo(PaymentStatus.PAID);
        assertThat(card.charges(payment.paymentId())).isEqualTo(1);
        assertThat(wallets.balance(Accounts.user(payment.passengerId()))).isEqualTo(20_000);
        assertThat(wallets.balance(Accounts.user(payment.driverId()))).isEqualTo(8208);
        assertThat(wallets.entries(Accounts.external(TestCardProvider.METHOD)))
                .filteredOn(entry -> payment.paymentId().equals(entry.paymentId()))
                .singleElement().extracting(LedgerEntry::amount).isEqualTo(-8640L);
        assertThat(failuresTold(payment)).isZero();
        // AND the watch firing again (the poller retrying it) changes nothing
        fireTheWatchAfterTheLease(payment, deadAttempt);
        assertThat(card.charges(payment.paymentId())).isEqualTo(1);
        assertThat(wallets.balance(Accounts.user(payment.driverId()))).isEqualTo(8208);
    }

    @Test
    void aChargeCarriedOnWhileItsProviderIsDown_keepsItsWatchFailing_andSettlesOnceItIsBack() {
        // GIVEN a card charge whose process died, and the card's provider then down
        Payment payment = chargedByADyingProcess();
        String deadAttempt = store.find(payment.paymentId()).orElseThrow().transactionId();
        card.down(payment.paymentId());
        // WHEN its watch fires after the lease THEN carrying it on fails, and the watch with it (for the poller to back
        // it off and the failing-deadline alarm to see), the same attempt holding the payment for another lease
        assertThatThrownBy(() -> fireTheWatchAfterTheLease(payment, deadAttempt))
                .hasMessageContaining("unreachable");
        Payment held = store.find(payment.paymentId()).orElseThrow();
        assertThat(held.status()).isEqualTo(PaymentStatus.PROCESSING);
        assertThat(held.transactionId()).isEqualTo(deadAttempt);
        assertThat(held.open(clockAfterTheLease().instant())).isFalse();
        // AND fired again within that lease, it refuses; after it, while the provider is still down, it fails again
        assertThatThrownBy(() -> fireTheWatchAfterTheLease(payment, deadAttempt))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("fire again later");
        assertThatThrownBy(() -> fireTheWatch(payment, deadAttempt, afterLeases(2)))
                .hasMessageContaining("unreachable");
        // AND a deploy without that method's provider cannot carry it on: the watch fails, nothing changes
        Payments noCard = new Payments(store, realSettlement(), new PaymentProviders(List.of()), notices,
                completions, lapses, settings, afterLeases(3));
        assertThatThrownBy(() -> fireTheWatch(payment, deadAttempt, afterLeases(3), noCard))
                .hasMessageContaining("no provider charges");
        assertThat(store.find(payment.paymentId())).get().extracting(Payment::status)
                .isEqualTo(PaymentStatus.PROCESSING);
        // AND once the provider is back, the next firing settles it: one charge, the wallet untouched, no failure told
        card.up(payment.paymentId());
        fireTheWatch(payment, deadAttempt, afterLeases(3));
        assertThat(store.find(payment.paymentId())).get().extracting(Payment::status).isEqualTo(PaymentStatus.PAID);
        assertThat(card.charges(payment.paymentId())).isEqualTo(1);
        assertThat(wallets.balance(Accounts.user(payment.passengerId()))).isEqualTo(20_000);
        assertThat(failuresTold(payment)).isZero();
    }

    @Test
    void aSettlementThatStaysBusyAfterTheCharge_keepsItsWatch_whichSettlesItWithoutThePassenger() {
        // GIVEN a card charge whose settlements all conflict, leaving the payment processing
        Payment payment = pendingFare();
        Caller passenger = new Caller(payment.passengerId(), Role.PASSENGER, null);
        payments(clock, busy(Integer.MAX_VALUE, new AtomicInteger()))
                .select(passenger, payment.paymentId(), TestCardProvider.METHOD, null, trace());
        String busyAttempt = store.find(payment.paymentId()).orElseThrow().transactionId();
        // THEN its watch stays (the outcome is not told yet)
        assertThat(deadlines.dueAt(LapsedAttempts.id(payment.paymentId(), busyAttempt))).isPresent();
        // AND fired early (a clock behind), it refuses, for the poller to fire it again, and changes nothing
        assertThatThrownBy(() -> fireTheWatch(payment, busyAttempt, clock)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(busyAttempt);
        assertThat(store.find(payment.paymentId())).get().extracting(Payment::status)
                .isEqualTo(PaymentStatus.PROCESSING);
        // AND fired after the lease while the wallets are still busy, it carries the charge on and fails, to fire again
        assertThatThrownBy(() -> fireTheWatch(payment, busyAttempt, clockAfterTheLease(),
                busy(Integer.MAX_VALUE, new AtomicInteger()))).hasMessageContaining("still busy");
        assertThat(store.find(payment.paymentId())).get().extracting(Payment::transactionId).isEqualTo(busyAttempt);
        // AND when it fires after that lease, the charge is settled once, nobody told of a failure
        fireTheWatch(payment, busyAttempt, afterLeases(2));
        assertThat(store.find(payment.paymentId())).get().extracting(Payment::status).isEqualTo(PaymentStatus.PAID);
        assertThat(card.charges(payment.paymentId())).isEqualTo(1);
        assertThat(failuresTold(payment)).isZero();
    }

    @Test
    void aWatchFiredWhileItsAttemptsLeaseRuns_refuses_andFailsAWalletAttemptOnlyAfterIt() {
        // GIVEN a wallet attempt that took the payment and has told nothing yet
        Payment payment = pendingFare();
        String attempt = unique("tx");
        store.claim(payment.paymentId(), attempt, PaymentMethods.WALLET, clock.instant(),
                clock.instant().plus(settings.getProcessingLease())).orElseThrow();
        // WHEN its watch fires early (a clock behind) THEN it refuses, for the poller to fire it again, and the
        // attempt keeps the payment
        assertThatThrownBy(() -> fireTheWatch(payment, attempt, clock)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(attempt);
        assertThat(store.find(payment.paymentId())).get().extracting(Payment::status)
                .isEqualTo(PaymentStatus.PROCESSING);
        assertThat(failuresTold(payment)).isZero();
        // AND after the lease it fails the lapsed attempt and tells the passenger once
        fireTheWatchAfterTheLease(payment, attempt);
        assertThat(store.find(payment.paymentId())).get().extracting(Payment::status).isEqualTo(PaymentStatus.FAILED);
        assertThat(failuresTold(payment)).isEqualTo(1);
    }

    /** A fare, the passenger with 20 000 in the wallet, selected by card in a process that dies once it is charged. */
    private Payment chargedByADyingProcess() {
        Payment payment = pendingFare();
        wallets.topUp(payment.passengerId(), 20_000, unique("topup"));
        Caller passenger = new Caller(payment.passengerId(), Role.PASSENGER, null);
        card.dieAfterCharging(payment.paymentId());
        assertThatThrownBy(() -> payments.select(passenger, payment.paymentId(), TestCardProvider.METHOD, null, trace()))
                .hasMessageContaining("process died");
        return payment;
    }

    /** Fires the watch of {@code attempt} as the poller would after the lease, in a service settling for real. */
    private void fireTheWatchAfterTheLease(Payment payment, String attempt) {
        fireTheWatch(payment, attempt, clockAfterTheLease());
    }

    private void fireTheWatch(Payment payment, String attempt, Clock at) {
        fireTheWatch(payment, attempt, at, realSettlement());
    }

    private void fireTheWatch(Payment payment, String attempt, Clock at, PaymentSettlement settlement) {
        fireTheWatch(payment, attempt, at, payments(at, settlement));
    }

    private void fireTheWatch(Payment payment, String attempt, Clock at, Payments paymentsThen) {
        new LapsedAttempts(store, notices, deadlines, at, () -> paymentsThen).fire(new Deadline(
                LapsedAttempts.id(payment.paymentId(), attempt), LapsedAttempts.KIND, at.instant(),
                payment.paymentId() + "|" + attempt));
    }

    /** The service reading the time from {@code at} and settling by {@code settlement}, its other parts the beans. */
    private Payments payments(Clock at, PaymentSettlement settlement) {
        return new Payments(store, settlement, providers, notices, completions, lapses, settings, at);
    }

    private PaymentSettlement realSettlement() {
        return context.getBean(PaymentSettlement.class);
    }

    private PaymentSettlement busy(int transactions, AtomicInteger cancelled) {
        return new DynamoPaymentSettlement(BusyTransactions.client(context, transactions, cancelled), wallets, store,
                settings);
    }

    private Clock clockAfterTheLease() {
        return afterLeases(1);
    }

    /** The clock {@code leases} processing leases and a second per lease from now. */
    private Clock afterLeases(int leases) {
        return Clock.offset(clock, settings.getProcessingLease().plusSeconds(1).multipliedBy(leases));
    }

    private long failuresTold(Payment payment) {
        return events.after(Inbox.user(payment.passengerId()), 0, 100).events().stream()
                .map(StoredEvent::type).filter(EventType.PAYMENT_FAILED.wireName()::equals).count();
    }

    private Payment pendingFare() {
        return PendingFares.stored(store, dynamo);
    }

    private static Trace trace() {
        return Trace.start(unique("c"), null);
    }
}
