package io.ridewire.functions.rides;

import io.ridewire.functions.deadlines.Deadline;
import io.ridewire.functions.deadlines.DeadlineHandler;
import io.ridewire.functions.deadlines.Deadlines;
import io.ridewire.functions.deadlines.Outbox;
import io.ridewire.functions.location.Geofences;
import io.ridewire.model.events.Trace;
import io.ridewire.model.rides.Odometer;
import io.ridewire.model.rides.Ride;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a ride's start owes: its progress tracked from the start point, the driver's zones linked to it, its room
 * opened, {@code ride.started} told to the passenger and the platform. It is committed with the ride as an outbox
 * entry ({@link #KIND}) and carried out at once; whatever of it fails there (or a process that dies right after the
 * commit) the deadline poller finishes, and then tells the driver too, whose answer was lost. Every step is
 * idempotent: the tracking is created only if absent, pushes and NATS events carry ids derived from the ride.
 */
@Singleton
public class RideStarts implements DeadlineHandler {
    static final String KIND = "ride.started";

    private final RideStore rides;
    private final RideTracker tracker;
    private final Geofences geofences;
    private final RideRooms rooms;
    private final RideNotices notices;
    private final Deadlines deadlines;
    private final Outbox outbox;

    public RideStarts(RideStore rides, RideTracker tracker, Geofences geofences, RideRooms rooms, RideNotices notices,
                      Deadlines deadlines, Outbox outbox) {
        this.rides = rides;
        this.tracker = tracker;
        this.geofences = geofences;
        this.rooms = rooms;
        this.notices = notices;
        this.deadlines = deadlines;
        this.outbox = outbox;
    }

    /**
     * The odometer's first anchor, which the ride item does not keep: when (device clock) and how accurately the
     * start point was taken. As text {@code ride|epoch-ms|accuracy} ({@code -} when none).
     */
    record Owed(String rideId, Instant fixAt, Double accuracy) {
        String write() {
            return rideId + "|" + fixAt.toEpochMilli() + "|" + (accuracy == null ? "-" : Double.toString(accuracy));
        }

        static Owed read(String text) {
            String[] parts = text.split("\\|", -1);
            return new Owed(parts[0], Instant.ofEpochMilli(Long.parseLong(parts[1])),
                    "-".equals(parts[2]) ? null : Double.parseDouble(parts[2]));
        }
    }

    /** The outbox entry of a ride's start: one per ride, as a match starts one ride. */
    Deadline entry(Owed owed) {
        return outbox.entry("ride-started:" + owed.rideId(), KIND, owed.write());
    }

    /** The write that commits {@code entry} with the ride. */
    TransactWriteItem write(Deadline entry) {
        return deadlines.put(entry);
    }

    /** Right after the ride was created: carries out what its start owes, or leaves it to the poller. */
    void runNow(Deadline entry, Ride ride, Owed owed, Trace trace) {
        outbox.runNow(entry, () -> carryOut(ride, owed, trace, false));
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public void fire(Deadline deadline) {
        Owed owed = Owed.read(deadline.payload());
        rides.find(owed.rideId()).ifPresent(ride -> carryOut(ride, owed, Trace.start(null, deadline.id()), true));
    }

    /**
     * Every step is tried, so one that fails delays no other; the first failure is thrown. A ride that ended
     * meanwhile is not tracked or joined again (its end cleared those); the platform still gets its start.
     */
    private void carryOut(Ride ride, Owed owed, Trace trace, boolean answerLost) {
        List<Runnable> steps = new ArrayList<>();
        if (ride.inProgress()) {
            steps.add(() -> tracker.open(ride.rideId(), ride.matchId(), ride.driverId(), ride.passengerId(),
                    ride.startedAt(), ride.pickup().point(), ride.destination().point(), ride.ratePerKm(),
                    new Odometer.Fix(ride.start().latitude(), ride.start().longitude(), owed.accuracy(), owed.fixAt())));
            steps.add(() -> geofences.linkRide(ride.driverId(), ride.rideId()));
            steps.add(() -> rooms.open(ride));
            steps.add(() -> notices.startedToParties(ride, answerLost));
        }
        steps.add(() -> notices.started(ride, trace));
        Steps.runEach(steps);
    }
}
