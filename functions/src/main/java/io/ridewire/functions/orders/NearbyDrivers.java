package io.ridewire.functions.orders;

import java.util.List;

/**
 * Available drivers near a point, nearest first: the geo-fence of order requests. {@link RedisDriverPool} is the
 * orders flow's own implementation; a driver index elsewhere (matching's) can take its place by providing a
 * primary bean of this type.
 */
public interface NearbyDrivers {

    List<Nearby> near(double lat, double lng, double radiusKm, int limit);

    /** A driver and its distance from the point. */
    record Nearby(String driverId, double distanceKm) {
    }
}
