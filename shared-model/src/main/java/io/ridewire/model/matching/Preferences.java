package io.ridewire.model.matching;

import java.time.Duration;

/**
 * What the passenger asked for in {@code match.request}.
 *
 * @param vehicleType    only drivers with this vehicle type, or null for any
 * @param maxDistanceKm  how far from the pickup a driver may be
 * @param maxWaitMinutes how long the search may take before it is cancelled with {@code timeout}
 */
public record Preferences(String vehicleType, double maxDistanceKm, double maxWaitMinutes) {

    public Duration maxWait() {
        return Duration.ofMillis(Math.round(maxWaitMinutes * 60_000));
    }
}
