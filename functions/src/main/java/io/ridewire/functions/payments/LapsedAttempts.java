package io.ridewire.functions.payments;

import io.ridewire.functions.deadlines.Deadline;
import io.ridewire.functions.deadlines.DeadlineHandler;
import io.ridewire.functions.deadlines.Deadlines;
import io.ridewire.model.events.Trace;
import io.ridewire.model.payments.Payment;
import io.ridewire.model.payments.PaymentFailure;
import io.ridewire.model.payments.PaymentStatus;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A payment attempt's watch ({@code payment.attempt}, payload {@code payment_id|transaction_id}): scheduled before
 * the attempt takes the payment, due just after its lease, cancelled once the attempt has told its outcome. If it
 * fires, the attempt stopped before that (its process killed, DynamoDB or the inbox failing): a payment it still
 * holds without an outside charge is failed as {@link PaymentFailure#LAPSED}, and a failure it recorded is told —
 * so the passenger, who was shown the payment processing, always hears how it ended. A paid payment is the
 * settlement's outbox entry's to tell ({@link PaymentCompletions}); an open charge may have taken the money, so it is
 * never failed but carried on ({@link Payments#carryOn}: its provider asked again under the same charge id) by the
 * same attempt, taken again for a lease; while the charge stays open (the provider down, the wallets busy) this watch
 * fails and is fired again with the poller's backoff, so a stuck charge raises the failing-deadline alarm. Telling is
 * idempotent (the event ids derive from the attempt).
 */
@Singleton
public class LapsedAttempts implements DeadlineHandler {
    static final String KIND = "payment.attempt";
    /** How long after its lease the watch fires: the attempt's last write may still be on its way at the lease. */
    private static final Duration AFTER_LEASE = Duration.ofSeconds(1);
    private static final Logger LOG = LoggerFactory.getLogger(LapsedAttempts.class);

    private final PaymentStore payments;
    private final PaymentNotices notices;
    private final Deadlines deadlines;
    private final Clock clock;
    /** Lazily: the attempts this watches are the ones that schedule it. */
    private final Provider<Payments> attempts;

    public LapsedAttempts(PaymentStore payments, PaymentNotices notices, Deadlines deadlines, Clock clock,
                          Provider<Payments> attempts) {
        this.payments = payments;
        this.notices = notices;
        this.deadlines = deadlines;
        this.clock = clock;
        this.attempts = attempts;
    }

    /** Schedules the watch of the attempt {@code transactionId}, before it may take the payment. */
    void watch(String paymentId, String transactionId, Instant leaseUntil) {
        deadlines.schedule(new Deadline(id(paymentId, transactionId), KIND, leaseUntil.plus(AFTER_LEASE),
                paymentId + "|" + transactionId));
    }

    /** The attempt told its outcome (or had none to tell): its watch is not needed. A failure leaves it to fire. */
    void done(String paymentId, String transactionId) {
        try {
            deadlines.cancel(id(paymentId, transactionId));
        } catch (RuntimeException e) {
            LOG.info("payment {}: the watch of attempt {} stays and will find it told: {}", paymentId, transactionId,
                    e.toString());
        }
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public void fire(Deadline deadline) {
        int bar = deadline.payload().lastIndexOf('|'); // the transaction id is a UUID: the last '|' is the separator
        if (bar < 0) {
            throw new IllegalArgumentException(deadline.id() + ": payload is not payment_id|transaction_id: "
                    + deadline.payload());
        }
        String transactionId = deadline.payload().substring(bar + 1);
        Payment payment = payments.find(deadline.payload().substring(0, bar)).orElse(null);
        if (payment == null || !transactionId.equals(payment.transactionId())) {
            return; // the attempt never took the payment, or a later one has: nothing of this one's to tell
        }
        Trace trace = Trace.start(null, deadline.id());
        switch (payment.status()) {
            case FAILED -> notices.attemptFailed(payment, payment.failure(),
                    payment.failedAt() == null ? clock.instant() : payment.failedAt(), trace);
            case PROCESSING -> {
                if (!payment.open(clock.instant())) { // its lease (or its carry-on's) runs, or a clock is behind
                    throw new IllegalStateException("payment " + payment.paymentId() + ": attempt " + transactionId
                            + " holds it until " + payment.leaseUntil() + "; fire again later");
                }
                if (payment.chargeId() != null) {
                    LOG.warn("payment {}: attempt {} lapsed with charge {} open by {}; carrying it on",
                            payment.paymentId(), transactionId, payment.chargeId(), payment.chargeMethod());
                    attempts.get().carryOn(payment.paymentId(), transactionId, trace);
                    return;
                }
                Instant now = clock.instant();
                if (payments.failUncharged(payment.paymentId(), transactionId, PaymentFailure.LAPSED, now)) {
                    LOG.warn("payment {}: attempt {} lapsed before telling its outcome; failed, the passenger is told",
                            payment.paymentId(), transactionId);
                    notices.attemptFailed(payment, PaymentFailure.LAPSED, now, trace);
                } else {
                    fire(deadline); // it moved meanwhile (a charge started, the attempt ended): judge it again
                }
            }
            case PENDING, PAID -> {
            }
        }
    }

    static String id(String paymentId, String transactionId) {
        return "payment-attempt:" + paymentId + ":" + transactionId;
    }
}
