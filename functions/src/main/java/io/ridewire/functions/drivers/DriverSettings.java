package io.ridewire.functions.drivers;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;
import java.util.List;

/** {@code ridewire.drivers.*}: the pool of available drivers and what passengers see of it. */
@ConfigurationProperties("ridewire.drivers")
public interface DriverSettings {

    /** Vehicle types a driver may register with ({@code vehicle_info.type}); each has its own geo index. */
    @Bindable(defaultValue = "motorcycle,car")
    List<String> getVehicleTypes();

    /** Radius of {@code beacon.nearby_drivers} ({@code search_radius_km}). */
    @Bindable(defaultValue = "5")
    double getNearbyRadiusKm();

    /** Most drivers listed in {@code beacon.nearby_drivers}. */
    @Bindable(defaultValue = "20")
    int getNearbyLimit();

    /**
     * A passenger's last known position (beacon or location update) younger than this is fresh: connecting, they get
     * {@code beacon.nearby_drivers} right after {@code connection.established}. 0: never.
     */
    @Bindable(defaultValue = "10m")
    Duration getFreshPassengerPosition();

    /** Average driving speed behind every ETA ({@code estimated_arrival_minutes} …). */
    @Bindable(defaultValue = "20")
    double getAverageSpeedKmh();

    /** A driver whose connection closed stays in the pool this long, to ride out a reconnect. */
    @Bindable(defaultValue = "30s")
    Duration getDisconnectGrace();

    /** A driver's record in Redis expires this long after their last beacon or location update. */
    @Bindable(defaultValue = "24h")
    Duration getRecordTtl();
}
