package io.ridewire.functions.drivers;

import io.ridewire.functions.connections.WelcomeListener;
import io.ridewire.model.events.SessionStarted;
import io.ridewire.model.identity.Role;
import io.ridewire.model.protocol.EventType;
import io.ridewire.functions.push.Audience;
import io.ridewire.functions.push.Push;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The spec's Driver Beacon Flow: a passenger who connects gets {@code beacon.nearby_drivers} right after
 * {@code connection.established}, when their last known position is fresh
 * ({@code ridewire.drivers.fresh-passenger-position}) and their beacon was not switched off.
 */
@Singleton
public class NearbyOnConnect implements WelcomeListener {
    private final PassengerPositions positions;
    private final Beacons beacons;
    private final DriverSettings settings;
    private final Push push;
    private final Clock clock;

    public NearbyOnConnect(PassengerPositions positions, Beacons beacons, DriverSettings settings, Push push,
                           Clock clock) {
        this.positions = positions;
        this.beacons = beacons;
        this.settings = settings;
        this.push = push;
        this.clock = clock;
    }

    /**
     * Whether a position calls for the push: the beacon is on, the position is fresh, and it was known when the
     * session started. A position recorded later came over this session, since the welcome can run after the first
     * beacon: that beacon's reply carries the nearby drivers, and a copy pushed here could arrive before its status.
     */
    static boolean knownAtConnect(PassengerPositions.Known known, Instant sessionStarted, Instant now, Duration fresh) {
        return known.active() && !known.at().isBefore(now.minus(fresh)) && !known.at().isAfter(sessionStarted);
    }

    @Override
    public void welcomed(SessionStarted session) {
        Duration fresh = settings.getFreshPassengerPosition();
        if (!Role.PASSENGER.claim().equals(session.role()) || fresh.isZero() || fresh.isNegative()) {
            return;
        }
        positions.last(session.userId())
                .filter(known -> knownAtConnect(known, session.startedAt(), clock.instant(), fresh))
                .ifPresent(known -> push.deliver(Audience.connection(session.sessionId()),
                        Push.event(EventType.BEACON_NEARBY_DRIVERS, beacons.nearby(session.userId(), known.point()))));
    }
}
