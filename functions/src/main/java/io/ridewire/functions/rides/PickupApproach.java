package io.ridewire.functions.rides;

import io.ridewire.model.identity.Role;
import io.ridewire.functions.location.Geofences;
import io.ridewire.functions.location.LocationFix;
import io.ridewire.functions.location.LocationListener;
import jakarta.inject.Singleton;

/**
 * {@code location.tracking} while the booked driver comes to the pickup, between {@code match.confirmed} and
 * {@code ride.started}: each of the driver's fixes goes to the passenger with the distance and minutes left to the
 * pickup. The booking is the one whose zones are watched (Redis, armed at confirmation); once its ride is linked,
 * {@link RideProgressListener} tracks instead.
 */
@Singleton
public class PickupApproach implements LocationListener {
    private final Geofences geofences;
    private final RideNotices notices;

    public PickupApproach(Geofences geofences, RideNotices notices) {
        this.geofences = geofences;
        this.notices = notices;
    }

    @Override
    public void onLocation(LocationFix fix) {
        if (!fix.caller().is(Role.DRIVER) || fix.rideId() != null) {
            return; // a fix naming a ride is past the pickup: RideProgressListener's, and no Redis read here
        }
        geofences.watched(fix.caller().userId())
                .filter(booking -> booking.rideId() == null && booking.passengerId() != null)
                .ifPresent(booking -> notices.approaching(booking, fix.caller().userId(), fix.reading(), fix.at()));
    }
}
