package io.ridewire.functions.drivers;

import io.ridewire.model.drivers.BeaconStatus;
import io.ridewire.model.drivers.DriverAvailability;
import io.ridewire.model.drivers.HashedLocation;
import io.ridewire.model.drivers.NearbyDrivers;

import io.ridewire.model.drivers.DriverAvailability.VehicleInfo;
import io.ridewire.model.drivers.NearbyDrivers.NearbyDriver;
import io.ridewire.functions.events.PublishQueue;
import io.ridewire.deployment.StreamCatalogue;
import io.ridewire.model.events.Subjects;
import io.ridewire.model.events.Trace;
import io.ridewire.model.geo.GeoPoint;
import io.ridewire.model.geo.Geohash;
import io.ridewire.model.geo.TravelTime;
import io.ridewire.model.identity.Caller;
import jakarta.inject.Singleton;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Beacons: a driver switching on (into the pool, announced as {@code location.driver.available}) or off, and a
 * passenger switching on (recorded, and shown the drivers around them).
 */
@Singleton
public class Beacons {
    static final int GEOHASH_PRECISION = 6;

    private final DriverIndex pool;
    private final DriverSettings settings;
    private final PassengerPositions passengers;
    private final PublishQueue events;
    private final Clock clock;

    public Beacons(DriverIndex pool, DriverSettings settings, PassengerPositions passengers, PublishQueue events,
                   Clock clock) {
        this.pool = pool;
        this.settings = settings;
        this.passengers = passengers;
        this.events = events;
        this.clock = clock;
    }

    /** A driver's beacon: recorded in the pool and announced. */
    public BeaconStatus driver(Caller driver, String connectionId, boolean active, GeoPoint point, DriverProfile profile,
                               Trace trace) {
        Instant now = clock.instant();
        DriverIndex.Availability availability = pool.beacon(driver.userId(), active, profile, point, connectionId);
        Map<String, String> record = pool.record(driver.userId());
        GeoPoint at = point != null ? point : storedPosition(record);
        HashedLocation location = at == null ? null : hashed(at);
        announce(new DriverAvailability(driver.userId(), availability.available(), location,
                new VehicleInfo(record.get("type"), record.get("plate"))), trace);
        return new BeaconStatus(driver.userId(), active, "driver", location, now);
    }

    /**
     * What a driver whose fix found no beacon on record is told, unasked: not active (their app may think it is on,
     * its beacon lost with Redis), at the fix's position. The app answers with its beacon.update.
     */
    public BeaconStatus notActive(String driverId, GeoPoint point) {
        return new BeaconStatus(driverId, false, "driver", hashed(point), clock.instant());
    }

    /** Announces a driver leaving the pool without a beacon (disconnected past the grace period). */
    public void driverGone(String driverId, Trace trace) {
        Map<String, String> record = pool.record(driverId);
        GeoPoint at = storedPosition(record);
        announce(new DriverAvailability(driverId, false, at == null ? null : hashed(at),
                new VehicleInfo(record.get("type"), record.get("plate"))), trace);
    }

    /** A passenger's beacon: recorded (position and whether they are looking), for tracking and nearby lists. */
    public BeaconStatus passenger(Caller passenger, boolean active, GeoPoint point) {
        Instant now = clock.instant();
        passengers.record(passenger.userId(), point, active, now);
        return new BeaconStatus(passenger.userId(), active, "passenger", point == null ? null : hashed(point), now);
    }

    /** The available drivers within the search radius of a passenger, nearest first. */
    public NearbyDrivers nearby(String passengerId, GeoPoint point) {
        List<DriverIndex.Nearby> found = pool.nearest(point, null, settings.getNearbyRadiusKm(), settings.getNearbyLimit());
        List<List<String>> profiles = pool.profiles(found.stream().map(DriverIndex.Nearby::driverId).toList(),
                "type", "rating");
        List<NearbyDriver> drivers = new java.util.ArrayList<>(found.size());
        for (int i = 0; i < found.size(); i++) {
            DriverIndex.Nearby n = found.get(i);
            String rating = profiles.get(i).get(1);
            drivers.add(new NearbyDriver(n.driverId(), round2(n.distanceKm()),
                    TravelTime.minutes(n.distanceKm(), settings.getAverageSpeedKmh()), profiles.get(i).get(0),
                    rating == null ? null : Double.valueOf(rating)));
        }
        return new NearbyDrivers(passengerId, drivers, settings.getNearbyRadiusKm(), clock.instant());
    }

    private void announce(DriverAvailability availability, Trace trace) {
        events.publish(StreamCatalogue.LOCATION, Subjects.LOCATION_DRIVER_AVAILABLE, availability, trace);
    }

    static HashedLocation hashed(GeoPoint point) {
        return new HashedLocation(point.latitude(), point.longitude(), Geohash.encode(point, GEOHASH_PRECISION));
    }

    private static GeoPoint storedPosition(Map<String, String> record) {
        String lat = record.get("lat");
        String lon = record.get("lon");
        return lat == null || lon == null ? null : GeoPoint.of(Double.parseDouble(lat), Double.parseDouble(lon));
    }

    static double round2(double value) {
        return BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP).doubleValue();
    }
}
