package io.ridewire.location;

import io.ridewire.drivers.DriverPool;
import io.ridewire.events.PublishQueue;
import io.ridewire.events.StreamCatalogue;
import io.ridewire.events.Subjects;
import io.ridewire.identity.Role;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * The location hot path: record the fix in Redis (a driver moves in the pool's geo index), tell the listeners,
 * and publish {@code location.update} on JetStream. Redis and NATS only: no DynamoDB call.
 */
@Singleton
public class LocationUpdates {
    private static final Logger LOG = LoggerFactory.getLogger(LocationUpdates.class);

    private final DriverPool pool;
    private final List<LocationListener> listeners;
    private final PublishQueue events;

    public LocationUpdates(DriverPool pool, List<LocationListener> listeners, PublishQueue events) {
        this.pool = pool;
        this.listeners = listeners;
        this.events = events;
    }

    public void accept(LocationFix fix) {
        if (fix.caller().is(Role.DRIVER)
                && pool.move(fix.caller().userId(), fix.point(), fix.at(), fix.connectionId()) == DriverPool.Move.OUT_OF_ORDER) {
            return; // an older fix overtaken by a newer one: neither recorded nor passed on
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
