package io.ridewire.functions.rides;

import io.ridewire.model.rides.Ride;

import io.ridewire.functions.presence.Presence;
import io.ridewire.functions.connections.RoomSource;
import io.ridewire.model.identity.Caller;
import io.ridewire.model.identity.Role;
import io.ridewire.functions.presence.Member;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * The room {@code ride_{ride_id}} holds both parties' connections while the ride is on, so what other services
 * publish about the ride ({@code ride.progress} through the bridge) reaches them; a party reconnecting during the
 * ride is put back in it.
 */
@Singleton
public class RideRooms implements RoomSource {
    private static final Logger LOG = LoggerFactory.getLogger(RideRooms.class);

    private final RideTracker tracker;
    private final Presence presence;

    public RideRooms(RideTracker tracker, Presence presence) {
        this.tracker = tracker;
        this.presence = presence;
    }

    public static String of(String rideId) {
        return "ride_" + rideId;
    }

    @Override
    public List<String> roomsFor(Caller caller) {
        if (!caller.is(Role.DRIVER) && !caller.is(Role.PASSENGER)) {
            return List.of();
        }
        try {
            return tracker.activeRide(caller.userId()).map(rideId -> List.of(of(rideId))).orElse(List.of());
        } catch (RuntimeException e) {
            // better connected without the ride's room (its events reach the user directly) than refused
            LOG.warn("active ride of {} unavailable: {}", caller.userId(), e.toString());
            return List.of();
        }
    }

    /** Puts the parties' live connections in the ride's room. */
    void open(Ride ride) {
        for (String user : List.of(ride.driverId(), ride.passengerId())) {
            for (String connection : presence.connectionsOf(user)) {
                presence.add(connection, user, of(ride.rideId()));
            }
        }
    }

    /** Empties the ride's room. */
    void close(Ride ride) {
        String room = of(ride.rideId());
        for (Member member : presence.members(room)) {
            presence.del(member.connectionId(), room);
        }
    }
}
