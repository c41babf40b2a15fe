package io.ridewire.functions.location;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/** {@code ridewire.location.*}: what a location update may claim, and the zones watched during a match. */
@ConfigurationProperties("ridewire.location")
public interface LocationSettings {

    /** How far in the future a fix's {@code timestamp} may lie (device clocks drift). */
    @Bindable(defaultValue = "30s")
    Duration getMaxClockSkew();

    /** Radius of the pickup zone around the pickup location. */
    @Bindable(defaultValue = "500")
    double getPickupZoneRadiusM();

    /** Radius of the destination zone around the destination. */
    @Bindable(defaultValue = "500")
    double getDestinationZoneRadiusM();
}
