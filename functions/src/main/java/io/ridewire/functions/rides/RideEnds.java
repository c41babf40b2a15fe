package io.ridewire.functions.rides;

import io.ridewire.functions.deadlines.Deadline;
import io.ridewire.functions.deadlines.DeadlineHandler;
import io.ridewire.functions.deadlines.Deadlines;
import io.ridewire.functions.deadlines.Outbox;
import io.ridewire.functions.matching.Matchmaker;
import io.ridewire.functions.payments.PaymentNotices;
import io.ridewire.functions.payments.PaymentStore;
import io.ridewire.model.events.Trace;
import io.ridewire.model.payments.Payment;
import io.ridewire.model.payments.PaymentStatus;
import io.ridewire.model.rides.Ride;
import io.ridewire.model.rides.RideOutcome.Cancelled;
import io.ridewire.model.rides.RideOutcome.Completed;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.util.ArrayList;
import java.util.List;

/**
 * What a ride's end owes: the booking released (both locks, the driver back in the pool, the zones), the ride's
 * pointers and room gone, the end told to both parties and the platform, and the passenger asked to pay. It is
 * committed with the end as an outbox entry ({@link #KIND}) and carried out at once; whatever of it fails there (or
 * a process that dies right after the commit) the deadline poller finishes, so a completed ride never leaves its
 * fare unasked or its driver out of the pool. Every step is idempotent: conditional on the match or the ride, and
 * durable events under ids derived from the ride.
 */
@Singleton
public class RideEnds implements DeadlineHandler {
    static final String KIND = "ride.ended";

    private final RideStore rides;
    private final PaymentStore payments;
    private final Matchmaker matchmaker;
    private final RideTracker tracker;
    private final RideRooms rooms;
    private final RideNotices notices;
    private final PaymentNotices paymentNotices;
    private final Deadlines deadlines;
    private final Outbox outbox;

    public RideEnds(RideStore rides, PaymentStore payments, Matchmaker matchmaker, RideTracker tracker,
                    RideRooms rooms, RideNotices notices, PaymentNotices paymentNotices, Deadlines deadlines,
                    Outbox outbox) {
        this.rides = rides;
        this.payments = payments;
        this.matchmaker = matchmaker;
        this.tracker = tracker;
        this.rooms = rooms;
        this.notices = notices;
        this.paymentNotices = paymentNotices;
        this.deadlines = deadlines;
        this.outbox = outbox;
    }

    /** The outbox entry of a ride's end: one per ride, as a ride ends once. */
    Deadline entry(String rideId) {
        return outbox.entry("ride-ended:" + rideId, KIND, rideId);
    }

    /** The write that commits {@code entry} with the end. */
    TransactWriteItem write(Deadline entry) {
        return deadlines.put(entry);
    }

    /** Right after the end committed: carries out what it owes, or leaves it to the poller. */
    void runNow(Deadline entry, Ride ended, Payment payment, Trace trace) {
        outbox.runNow(entry, () -> carryOut(ended, payment, trace));
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public void fire(Deadline deadline) {
        rides.find(deadline.payload()).filter(ride -> ride.outcome() != null).ifPresent(ride -> {
            String paymentId = ride.outcome().paymentId();
            Payment payment = paymentId == null ? null : payments.find(paymentId).orElse(null);
            carryOut(ride, payment, Trace.start(null, deadline.id()));
        });
    }

    /** Every step is tried, so one that fails (Redis down, say) delays no other; the first failure is thrown. */
    private void carryOut(Ride ended, Payment payment, Trace trace) {
        List<Runnable> steps = new ArrayList<>(List.of(
                () -> matchmaker.endBooking(ended.matchId()),
                () -> tracker.forget(ended.rideId(), ended.driverId(), ended.passengerId()),
                () -> rooms.close(ended)));
        switch (ended.outcome()) {
            case Completed completed -> steps.add(() -> notices.completed(ended, trace));
            case Cancelled cancelled -> steps.add(() -> notices.cancelled(ended, trace));
        }
        if (payment != null && payment.status() == PaymentStatus.PENDING) {
            steps.add(() -> paymentNotices.requested(payment, trace));
        }
        Steps.runEach(steps);
    }
}
