package io.ridewire.functions.payments;

import io.ridewire.functions.deadlines.Deadline;
import io.ridewire.functions.deadlines.DeadlineHandler;
import io.ridewire.functions.deadlines.Deadlines;
import io.ridewire.functions.deadlines.Outbox;
import io.ridewire.model.events.Trace;
import io.ridewire.model.payments.Payment;
import io.ridewire.model.payments.PaymentStatus;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * What a settled payment owes: {@code payment.completed} to the passenger and the driver (durable) and to the
 * platform (NATS). It is committed with the settlement as an outbox entry ({@link #KIND}) and carried out at once;
 * if that fails (an inbox write, NATS down) or the process dies right after the commit, the deadline poller
 * finishes it, so a paid payment is never left untold. Every step is idempotent: the events' ids derive from the
 * payment, and the entry's payload holds the attempt's processing time (NATS's {@code processing_time_ms}) up to
 * its settlement's write, which the entry is part of and so cannot include: a re-run tells the same.
 */
@Singleton
public class PaymentCompletions implements DeadlineHandler {
    static final String KIND = "payment.completed";
    private static final Logger LOG = LoggerFactory.getLogger(PaymentCompletions.class);

    private final PaymentStore payments;
    private final PaymentNotices notices;
    private final Deadlines deadlines;
    private final Outbox outbox;

    public PaymentCompletions(PaymentStore payments, PaymentNotices notices, Deadlines deadlines, Outbox outbox) {
        this.payments = payments;
        this.notices = notices;
        this.deadlines = deadlines;
        this.outbox = outbox;
    }

    /** The outbox entry of a payment's settlement: one per payment, as a payment is paid once. */
    public Deadline entry(String paymentId, long processingMillis) {
        if (paymentId.indexOf('|') >= 0 || processingMillis < 0) {
            throw new IllegalArgumentException("payment id " + paymentId + " with '|' or negative processing time "
                    + processingMillis);
        }
        return outbox.entry("payment-completed:" + paymentId, KIND, paymentId + "|" + processingMillis);
    }

    /** The write that commits {@code entry} with the settlement. */
    public TransactWriteItem write(Deadline entry) {
        return deadlines.put(entry);
    }

    /** Right after the settlement committed: tells it, or leaves it to the poller. */
    void runNow(Deadline entry, Trace trace) {
        outbox.runNow(entry, () -> carryOut(entry, trace));
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public void fire(Deadline deadline) {
        carryOut(deadline, Trace.start(null, deadline.id()));
    }

    private void carryOut(Deadline entry, Trace trace) {
        String[] parts = entry.payload().split("\\|", 2);
        if (parts.length != 2) {
            throw new IllegalArgumentException(entry.id() + ": payload is not payment_id|processing_ms: "
                    + entry.payload());
        }
        Payment paid = payments.find(parts[0]).filter(p -> p.status() == PaymentStatus.PAID).orElse(null);
        if (paid == null) {
            // written only with the payment marked paid, which nothing undoes: a stray entry has nothing to tell
            LOG.warn("{}: payment {} is not paid, nothing to tell", entry.id(), parts[0]);
            return;
        }
        notices.paid(paid, Long.parseLong(parts[1]), trace);
    }
}
