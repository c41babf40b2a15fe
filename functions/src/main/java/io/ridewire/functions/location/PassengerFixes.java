package io.ridewire.functions.location;

import io.ridewire.functions.drivers.PassengerPositions;
import io.ridewire.model.identity.Role;
import jakarta.inject.Singleton;

import java.time.Clock;

/** A passenger's location updates keep their last known position, from which nearby drivers are shown on connect. */
@Singleton
public class PassengerFixes implements LocationListener {
    private final PassengerPositions positions;
    private final Clock clock;

    public PassengerFixes(PassengerPositions positions, Clock clock) {
        this.positions = positions;
        this.clock = clock;
    }

    @Override
    public void onLocation(LocationFix fix) {
        if (fix.caller().is(Role.PASSENGER)) {
            positions.record(fix.caller().userId(), fix.point(), null, clock.instant());
        }
    }
}
