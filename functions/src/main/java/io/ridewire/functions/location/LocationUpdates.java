package io.ridewire.functions.location;

import io.ridewire.model.location.LocationUpdated;

import io.ridewire.functions.drivers.DriverIndex;
import io.ridewire.functions.events.PublishQueue;
import io.ridewire.deployment.StreamCatalogue;
import io.ridewire.model.events.Subjects;
import io.ridewire.model.identity.Role;
import io.ridewire.model.protocol.ErrorCode;
import io.ridewire.model.protocol.InvalidMessage;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * The location hot path: record the fix in Redis (a driver moves in the pool's geo index), tell the listeners,
 * and publish {@code location.update} on JetStream. Redis and NATS only: no DynamoDB call.
 *
 * <p>Refused, with nothing recorded: a {@code ride_id} of someone else's ride (FORBIDDEN), and a driver's fix older
 * than their previous one (OUT_OF_ORDER on {@code timestamp}: an overtaken message, or a device clock set back —
 * the app learns its fixes are not being taken rather than going silently invisible).
 */
@Singleton
public class LocationUpdates {
    private static final Logger LOG = LoggerFactory.getLogger(LocationUpdates.class);

    private final DriverIndex pool;
    private final List<LocationListener> listeners;
    private final PublishQueue events;
    private final RideMembership rides;

    public LocationUpdates(DriverIndex pool, List<LocationListener> listeners, PublishQueue events,
                           RideMembership rides) {
        this.rides = rides;
        this.pool = pool;
        this.listeners = listeners;
        this.events = events;
    }

    public void accept(LocationFix fix) {
        if (fix.rideId() != null && !rides.mayName(fix.caller().userId(), fix.rideId())) {
            throw InvalidMessage.forbidden("ride_id", "not your ride");
        }
        if (fix.caller().is(Role.DRIVER) && pool.move(fix.caller().userId(), fix.point(), fix.reading().accuracy(),
                fix.at(), fix.connectionId()) == DriverIndex.Move.OUT_OF_ORDER) {
            throw new InvalidMessage("timestamp", ErrorCode.OUT_OF_ORDER,
                    "timestamp is older than your previous location.update: this fix was not recorded"
                            + " (is the device clock right?)");
        }
        for (LocationListener listener : listeners) {
            try {
                listener.onLocation(fix);
            } catch (RuntimeException e) {
                LOG.warn("location listener {} failed: {}", listener.getClass().getSimpleName(), e.toString());
            }
        }
        publish(fix);
    }

    private void publish(LocationFix fix) {
        LocationUpdated data = new LocationUpdated(fix.caller().userId(), fix.caller().role().claim(), fix.reading(),
                fix.rideId(), fix.connectionId());
        events.publish(StreamCatalogue.LOCATION, Subjects.LOCATION_UPDATE, data, fix.trace());
    }
}
