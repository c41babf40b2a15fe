package io.ridewire.functions.payments;

import io.ridewire.model.payments.PaymentStatus;

import io.ridewire.model.payments.Payment;
import io.ridewire.model.payments.PaymentFailure;
import io.ridewire.model.payments.PaymentMethods;

import io.ridewire.functions.deadlines.Deadline;
import io.ridewire.model.events.Trace;
import io.ridewire.model.identity.Caller;
import io.ridewire.model.payments.payload.PaymentCompleted;
import io.ridewire.model.payments.payload.PaymentFailed;
import io.ridewire.model.payments.payload.PaymentProcessing;
import io.ridewire.model.protocol.ErrorCode;
import io.ridewire.model.protocol.InvalidMessage;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Paying: {@code payment.method_selected} starts an attempt that takes the payment (one attempt at a time, by a
 * conditional write with a lease), tells the passenger it is processing, and settles it in one wallet transaction —
 * or fails cleanly, leaving the payment open for a retry. Duplicates of the selection (a double tap, a resend)
 * start nothing: they are answered with where the payment stands.
 * <p>
 * A provider's method is recorded on the payment as an open charge before the provider is asked, so until that charge
 * is settled or declined only the same method may be tried again — its provider answers the repeat idempotently
 * under the charge's id and the retry settles it — and a charge that outlives its attempt (a crash, a lapsed lease,
 * wallets that stay busy) is never paid a second time by the wallet nor failed after the money was taken: the
 * attempt's watch ({@link LapsedAttempts}) carries it on by that method, without waiting for the passenger.
 */
@Singleton
public class Payments {
    private static final Logger LOG = LoggerFactory.getLogger(Payments.class);
    private static final int CLAIM_TRIES = 3;
    /** Settlements tried (each with its own conflict retries) after a provider took the money. */
    private static final int SETTLE_TRIES = 3;

    private final PaymentStore store;
    private final PaymentSettlement settlement;
    private final PaymentProviders providers;
    private final PaymentNotices notices;
    private final PaymentCompletions completions;
    private final LapsedAttempts lapses;
    private final PaymentSettings settings;
    private final Clock clock;

    public Payments(PaymentStore store, PaymentSettlement settlement, PaymentProviders providers,
                    PaymentNotices notices, PaymentCompletions completions, LapsedAttempts lapses,
                    PaymentSettings settings, Clock clock) {
        this.store = store;
        this.settlement = settlement;
        this.providers = providers;
        this.notices = notices;
        this.completions = completions;
        this.lapses = lapses;
        this.settings = settings;
        this.clock = clock;
    }

    /** The answer to a selection. */
    public sealed interface Selection {
        /** This selection ran an attempt: processing, then completed or failed, were sent. */
        record Attempted() implements Selection {
        }

        /**
         * The payment was already paid: its completion again, to the caller. Nothing is sent again: the parties and
         * the platform are told by the settlement's outbox entry, which stays until they have been.
         */
        record AlreadyPaid(PaymentCompleted completed) implements Selection {
        }

        /** Another attempt holds the payment right now, or an outside charge by another method is open on it. */
        record InProgress(PaymentProcessing processing) implements Selection {
        }

        /** Refused without an attempt (no provider for the method). */
        record Refused(PaymentFailed failed) implements Selection {
        }
    }

    /**
     * The passenger chose how to pay.
     *
     * @param replyId the selecting message's {@code id}, echoed by the attempt's {@code payment.processing}; or null
     *
     * @throws InvalidMessage NOT_FOUND for an unknown payment, FORBIDDEN for someone else's
     */
    public Selection select(Caller caller, String paymentId, String method, String replyId, Trace trace) {
        Payment payment = store.find(paymentId).orElseThrow(() ->
                new InvalidMessage("payment_id", ErrorCode.NOT_FOUND, "no payment " + paymentId));
        if (!payment.passengerId().equals(caller.userId())) {
            throw InvalidMessage.forbidden("payment_id", "only the ride's passenger pays it");
        }
        Instant now = clock.instant();
        if (!payment.open(now) || !payment.chargeAllows(method)) {
            return standing(payment);
        }
        Optional<PaymentProvider> provider = Optional.empty();
        if (!PaymentMethods.WALLET.equals(method)) {
            provider = providers.forMethod(method);
            if (provider.isEmpty()) {
                PaymentFailure unavailable = PaymentFailure.methodUnavailable(method);
                notices.publishFailed(payment, method, unavailable, now, trace);
                return new Selection.Refused(notices.failed(payment, method, unavailable, now));
            }
        }
        return attempt(payment, method, provider, replyId, trace);
    }

    /**
     * Carries on the open charge of the attempt {@code lapsed} (its watch fired after its lease), without the
     * passenger: the same attempt takes the payment again for another lease and asks the charge's provider again under
     * the same charge id, then settles what it took. It stays the same attempt so that its watch stays the one that
     * fires: while the charge stays open that watch keeps failing, backed off by the poller and seen by the deadline
     * alarm, instead of handing on to a fresh watch every lease. Nothing when no charge is open or another attempt
     * holds the payment now.
     *
     * @throws IllegalStateException while the charge stays open: no provider charges its method, or the wallets stayed
     *                               busy; the provider's own failure is thrown as it is
     */
    void carryOn(String paymentId, String lapsed, Trace trace) {
        Payment payment = store.find(paymentId).orElseThrow();
        String method = payment.chargeMethod();
        if (method == null || !lapsed.equals(payment.transactionId())) {
            return;
        }
        PaymentProvider provider = providers.forMethod(method).orElseThrow(() -> new IllegalStateException(
                "payment " + paymentId + ": charge " + payment.chargeId() + " is open by " + method
                        + ", which no provider charges now; it stays processing"));
        Instant now = clock.instant();
        Optional<Payment> claimed = store.claim(paymentId, lapsed, method, now, now.plus(settings.getProcessingLease()));
        if (claimed.isEmpty()) {
            return; // a selection by that method took it meanwhile: that attempt and its own watch carry it on
        }
        LOG.info("payment {}: carrying on charge {} by {}", paymentId, payment.chargeId(), method);
        if (!run(claimed.get(), Optional.of(provider), null, trace)) {
            throw new IllegalStateException("payment " + paymentId + ": charge " + payment.chargeId()
                    + " carried on, the wallets still busy; its watch fires again");
        }
    }

    /** Claims the payment for an attempt by {@code method} (again while failed attempts free it) and runs it. */
    private Selection attempt(Payment payment, String method, Optional<PaymentProvider> provider, String replyId,
                              Trace trace) {
        String paymentId = payment.paymentId();
        Instant now = clock.instant();
        for (int tries = 0; tries < CLAIM_TRIES; tries++) {
            String transactionId = UUID.randomUUID().toString();
            Instant leaseUntil = now.plus(settings.getProcessingLease());
            // before the claim: an attempt that dies at any point after it is still told
            lapses.watch(paymentId, transactionId, leaseUntil);
            Optional<Payment> claimed = store.claim(paymentId, transactionId, method, now, leaseUntil);
            if (claimed.isPresent()) {
                // not when the attempt threw or left a charge open: then its watch tells or carries it on
                if (run(claimed.get(), provider, replyId, trace)) {
                    lapses.done(paymentId, transactionId);
                }
                return new Selection.Attempted();
            }
            lapses.done(paymentId, transactionId);
            // taken by another attempt; if that one has already failed, the payment is open again
            payment = store.find(paymentId).orElseThrow();
            now = clock.instant();
            if (!payment.open(now) || !payment.chargeAllows(method)) {
                return standing(payment);
            }
        }
        return standing(payment);
    }

    /** Runs a claimed attempt; false when it leaves a provider's charge open (the wallets stayed busy). */
    private boolean run(Payment attempt, Optional<PaymentProvider> provider, String replyId, Trace trace) {
        long started = System.nanoTime();
        notices.processingStarted(attempt, replyId);
        if (provider.isEmpty()) {
            settle(attempt, null, started, trace);
            return true;
        }
        Optional<Payment> charging = store.startCharge(attempt.paymentId(), attempt.transactionId());
        if (charging.isEmpty()) {
            LOG.info("payment {}: attempt {} was superseded before charging", attempt.paymentId(),
                    attempt.transactionId());
            return true;
        }
        switch (provider.get().charge(charging.get())) {
            case PaymentProvider.Charge.Declined declined -> {
                fail(attempt, PaymentFailure.declined(declined.reason()), trace);
                return true;
            }
            case PaymentProvider.Charge.Charged charged -> {
                // the money is taken: never fail the payment now, or the passenger would be invited to pay again
                for (int tries = 0; tries < SETTLE_TRIES; tries++) {
                    if (settle(attempt, attempt.method(), started, trace)) {
                        return true;
                    }
                }
                LOG.warn("payment {}: charged by {} under {}, the wallets still busy; left processing for its watch "
                        + "or a retry by that method", attempt.paymentId(), attempt.method(),
                        charging.get().chargeId());
                return false;
            }
        }
    }

    /**
     * Settles the attempt, false when the wallets stayed busy. The wallet's failures end the attempt; a provider's
     * charge already taken is only left to a retry (its attempts must charge by that method, under the same key).
     *
     * @param chargedBy null for the wallet, else the method whose provider charged the passenger
     */
    private boolean settle(Payment attempt, String chargedBy, long started, Trace trace) {
        Deadline completion = completions.entry(attempt.paymentId(), (System.nanoTime() - started) / 1_000_000);
        switch (settlement.settle(attempt, attempt.transactionId(), chargedBy, clock.instant(),
                completions.write(completion))) {
            case PaymentSettlement.Result.Settled settled -> completions.runNow(completion, trace);
            case PaymentSettlement.Result.InsufficientBalance insufficient ->
                    fail(attempt, PaymentFailure.INSUFFICIENT_BALANCE, trace);
            case PaymentSettlement.Result.Busy busy -> {
                if (chargedBy != null) {
                    return false;
                }
                fail(attempt, PaymentFailure.BUSY, trace);
            }
            case PaymentSettlement.Result.Superseded superseded ->
                    // paid, or held by a later attempt: by this method if a charge is open, so that one settles it
                    LOG.info("payment {}: attempt {} was superseded", attempt.paymentId(), attempt.transactionId());
        }
        return true;
    }

    private void fail(Payment attempt, PaymentFailure failure, Trace trace) {
        Instant now = clock.instant();
        if (store.fail(attempt.paymentId(), attempt.transactionId(), failure, now)) {
            notices.attemptFailed(attempt, failure, now, trace);
        }
    }

    /** Where a payment no attempt can be started on stands: paid, or held by an attempt or an open charge. */
    private Selection standing(Payment payment) {
        return payment.status() == PaymentStatus.PAID
                ? new Selection.AlreadyPaid(notices.completed(payment))
                : new Selection.InProgress(notices.processing(payment));
    }
}
