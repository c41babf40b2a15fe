package io.ridewire.functions.rides;

import io.ridewire.model.rides.Odometer;

import io.ridewire.model.geo.GeoPoint;
import io.ridewire.model.identity.Role;
import io.ridewire.functions.location.LocationFix;
import io.ridewire.functions.location.LocationListener;
import io.ridewire.model.location.Reading;
import io.ridewire.functions.rides.RideTracker.Recorded;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;

/**
 * Ride progress from the driver's {@code location.update}s that name a ride: each fix is judged by the odometer in
 * Redis; a position worth showing goes to the passenger as {@code location.tracking}, and at the progress interval
 * both parties get {@code ride.progress}. Redis and pushes only: no DynamoDB on this path.
 */
@Singleton
public class RideProgressListener implements LocationListener {
    private final RideTracker tracker;
    private final RideNotices notices;
    private final Clock clock;

    public RideProgressListener(RideTracker tracker, RideNotices notices, Clock clock) {
        this.tracker = tracker;
        this.notices = notices;
        this.clock = clock;
    }

    @Override
    public void onLocation(LocationFix fix) {
        if (fix.rideId() == null || !fix.caller().is(Role.DRIVER)) {
            return;
        }
        Reading reading = fix.reading();
        Instant now = clock.instant();
        Recorded recorded = tracker.record(fix.rideId(), fix.caller().userId(),
                new Odometer.Fix(reading.latitude(), reading.longitude(), reading.accuracy(), fix.at()), now);
        if (!(recorded instanceof Recorded.Judged judged)) {
            return;
        }
        boolean believable = judged.step().believable();
        if (believable) {
            notices.tracking(judged.before(), reading, fix.at());
        }
        if (judged.progressDue()) {
            GeoPoint here = believable ? fix.point() : judged.before().shown();
            Instant hereAt = believable ? fix.at() : judged.before().shownAt();
            notices.progress(judged.before(), judged.metres(), here, hereAt, now, fix.trace());
        }
    }
}
