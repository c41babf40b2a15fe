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
 */
@Singleton
public class Payments {
    private static final Logger LOG = LoggerFactory.getLogger(Payments.class);
    private static final int CLAIM_TRIES = 3;

    private final PaymentStore store;
    private final PaymentSettlement settlement;
    private final PaymentProviders providers;
    private final PaymentNotices notices;
    private final PaymentCompletions completions;
    private final PaymentSettings settings;
    private final Clock clock;

    public Payments(PaymentStore store, PaymentSettlement settlement, PaymentProviders providers,
                    PaymentNotices notices, PaymentCompletions completions, PaymentSettings settings, Clock clock) {
        this.store = store;
        this.settlement = settlement;
        this.providers = providers;
        this.notices = notices;
        this.completions = completions;
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

        /** Another attempt holds the payment right now. */
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
        if (!payment.open(now)) {
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
        for (int tries = 0; tries < CLAIM_TRIES; tries++) {
            String transactionId = UUID.randomUUID().toString();
            Optional<Payment> claimed = store.claim(paymentId, transactionId, method, now,
                    now.plus(settings.getProcessingLease()));
            if (claimed.isPresent()) {
                attempt(claimed.get(), provider, replyId, trace);
                return new Selection.Attempted();
            }
            // taken by another attempt; if that one has already failed, the payment is open again
            payment = store.find(paymentId).orElseThrow();
            now = clock.instant();
            if (!payment.open(now)) {
                return standing(payment);
            }
        }
        return standing(payment);
    }

    private void attempt(Payment attempt, Optional<PaymentProvider> provider, String replyId, Trace trace) {
        long started = System.nanoTime();
        notices.processingStarted(attempt, replyId);
        String chargedBy = null; // the wallet's
        if (provider.isPresent()) {
            switch (provider.get().charge(attempt)) {
                case PaymentProvider.Charge.Declined declined -> {
                    fail(attempt, PaymentFailure.declined(declined.reason()), trace);
                    return;
                }
                case PaymentProvider.Charge.Charged charged -> chargedBy = attempt.method();
            }
        }
        Deadline completion = completions.entry(attempt.paymentId(), (System.nanoTime() - started) / 1_000_000);
        switch (settlement.settle(attempt, attempt.transactionId(), chargedBy, clock.instant(),
                completions.write(completion))) {
            case PaymentSettlement.Result.Settled settled -> completions.runNow(completion, trace);
            case PaymentSettlement.Result.InsufficientBalance insufficient ->
                    fail(attempt, PaymentFailure.INSUFFICIENT_BALANCE, trace);
            case PaymentSettlement.Result.Busy busy -> fail(attempt, PaymentFailure.BUSY, trace);
            case PaymentSettlement.Result.Superseded superseded ->
                    LOG.info("payment {}: attempt {} was superseded", attempt.paymentId(), attempt.transactionId());
        }
    }

    private void fail(Payment attempt, PaymentFailure failure, Trace trace) {
        Instant now = clock.instant();
        if (store.fail(attempt.paymentId(), attempt.transactionId(), failure, now)) {
            notices.attemptFailed(attempt, failure, now, trace);
        }
    }

    /** Where a payment no attempt can be started on stands: paid, or held by another attempt. */
    private Selection standing(Payment payment) {
        return payment.status() == PaymentStatus.PAID
                ? new Selection.AlreadyPaid(notices.completed(payment))
                : new Selection.InProgress(notices.processing(payment));
    }
}
