package io.ridewire.model.geo;

/** Travel time at an average speed, in whole minutes rounded up (an ETA that is never optimistic by rounding). */
public final class TravelTime {
    private TravelTime() {
    }

    public static int minutes(double distanceKm, double averageSpeedKmh) {
        if (averageSpeedKmh <= 0) {
            throw new IllegalArgumentException("average speed must be positive");
        }
        if (distanceKm <= 0) {
            return 0;
        }
        // a tiny epsilon keeps exact multiples (1.0 km at 60 km/h = 1 min) from rounding up through float noise
        return (int) Math.ceil(distanceKm / averageSpeedKmh * 60.0 - 1e-9);
    }
}
