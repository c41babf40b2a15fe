package io.ridewire.functions.drivers;

import io.ridewire.functions.presence.Connection;
import io.ridewire.functions.presence.DisconnectListener;
import io.ridewire.functions.presence.Presence;
import io.ridewire.functions.deadlines.Deadline;
import io.ridewire.functions.deadlines.DeadlineHandler;
import io.ridewire.functions.deadlines.Deadlines;
import io.ridewire.model.events.Trace;
import io.ridewire.model.identity.Role;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;

/**
 * A driver whose connection closes stays in the pool for a grace period (a tunnel, a network switch): the close
 * schedules a durable deadline, and when it fires the driver leaves the pool unless they have connected again.
 * Closing again moves the deadline rather than adding one.
 */
@Singleton
public class DriverPresence implements DisconnectListener, DeadlineHandler {
    static final String KIND = "driver.offline";
    private static final Logger LOG = LoggerFactory.getLogger(DriverPresence.class);

    private final Deadlines deadlines;
    private final DriverSettings settings;
    private final Presence presence;
    private final DriverIndex pool;
    private final Beacons beacons;
    private final Clock clock;

    public DriverPresence(Deadlines deadlines, DriverSettings settings, Presence presence, DriverIndex pool,
                          Beacons beacons, Clock clock) {
        this.deadlines = deadlines;
        this.settings = settings;
        this.presence = presence;
        this.pool = pool;
        this.beacons = beacons;
        this.clock = clock;
    }

    @Override
    public void disconnected(Connection connection) {
        if (!connection.caller().is(Role.DRIVER)) {
            return;
        }
        String driverId = connection.caller().userId();
        deadlines.schedule(new Deadline(KIND + ":" + driverId, KIND,
                clock.instant().plus(settings.getDisconnectGrace()), driverId));
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public void fire(Deadline deadline) {
        String driverId = deadline.payload();
        if (!presence.connectionsOf(driverId).isEmpty()) {
            return;
        }
        if (pool.deactivate(driverId)) {
            LOG.info("driver {} stayed disconnected past the grace period: out of the pool", driverId);
            beacons.driverGone(driverId, Trace.start(null, deadline.id()));
        }
    }
}
