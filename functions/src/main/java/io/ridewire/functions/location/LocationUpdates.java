package io.ridewire.functions.location;

import io.ridewire.model.location.LocationUpdated;

import io.ridewire.functions.drivers.Beacons;
import io.ridewire.functions.drivers.DriverIndex;
import io.ridewire.model.drivers.BeaconStatus;
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
import java.util.Optional;

/**
 * The location hot path: record the fix in Redis (a driver moves in the pool's geo index), tell the listeners,
 * and publish {@code location.update} on JetStream. Redis and NATS only: no DynamoDB call.
 *
 * <p>Refused, with nothing recorded: a {@code ride_id} of someone else's ride (FORBIDDEN), and a driver's fix older
 * than their previous one (OUT_OF_ORDER on {@code timestamp}: an overtaken message, or a device clock set back —
 * the app learns its fixes are not being taken rather than going silently invisible).
 *
 * <p>A driver's fix that finds no beacon on their record (never sent, or lost with Redis: restarted empty, evicted)
 * is recorded as usual, and the first such fix since the record lost its beacon is answered with an unsolicited
 * {@code beacon.status} with {@code is_active} false, so an app that thinks it is on sends its beacon.update again
 * rather than staying out of the pool unmatched; the pool's move step marks the record, so the following fixes are
 * not answered until a beacon arrives.
 */
@Singleton
public class LocationUpdates {
    private static final Logger LOG = LoggerFactory.getLogger(LocationUpdates.class);

    private final DriverIndex pool;
    private final List<LocationListener> listeners;
    private final PublishQueue events;
    private final RideMembership rides;
    private final Beacons beacons;

    public LocationUpdates(DriverIndex pool, List<LocationListener> listeners, PublishQueue events,
                           RideMembership rides, Beacons beacons) {
        this.rides = rides;
        this.beacons = beacons;
        this.pool = pool;
        this.listeners = listeners;
        this.events = events;
    }

    /**
     * Records and publishes a fix; returns the {@code beacon.status} (not active) to push to the sender when a
     * driver's fix is the first since their record lost its beacon.
     */
    public Optional<BeaconStatus> accept(LocationFix fix) {
        if (fix.rideId() != null && !rides.mayName(fix.caller().userId(), fix.rideId())) {
            throw InvalidMessage.forbidden("ride_id", "not your ride");
        }
        DriverIndex.Move move = fix.caller().is(Role.DRIVER) ? pool.move(fix.caller().userId(), fix.point(),
                fix.reading().accuracy(), fix.at(), fix.connectionId()) : null;
        if (move == DriverIndex.Move.OUT_OF_ORDER) {
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
        return move == DriverIndex.Move.UNBEACONED
                ? Optional.of(beacons.notActive(fix.caller().userId(), fix.point()))
                : Optional.empty();
    }

    private void publish(LocationFix fix) {
        LocationUpdated data = new LocationUpdated(fix.caller().userId(), fix.caller().role().claim(), fix.reading(),
                fix.rideId(), fix.connectionId());
        events.publish(StreamCatalogue.LOCATION, Subjects.LOCATION_UPDATE, data, fix.trace());
    }
}
