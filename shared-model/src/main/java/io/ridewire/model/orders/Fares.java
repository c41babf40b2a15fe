package io.ridewire.model.orders;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Order fares in whole rupiah: distance × rate per km, never below a minimum; half-up rounding. */
public final class Fares {
    private static final double EARTH_RADIUS_KM = 6371.0088;

    private Fares() {
    }

    /** Great-circle distance in km (haversine). */
    public static double distanceKm(Place from, Place to) {
        double dLat = Math.toRadians(to.lat() - from.lat());
        double dLng = Math.toRadians(to.lng() - from.lng());
        double a = Math.sin(dLat / 2) * Math.sin(dLat / 2)
                + Math.cos(Math.toRadians(from.lat())) * Math.cos(Math.toRadians(to.lat()))
                * Math.sin(dLng / 2) * Math.sin(dLng / 2);
        return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
    }

    public static long fare(Place pickup, Place drop, long ratePerKm, long minimum) {
        BigDecimal km = BigDecimal.valueOf(distanceKm(pickup, drop)).setScale(1, RoundingMode.HALF_UP);
        long byDistance = km.multiply(BigDecimal.valueOf(ratePerKm)).setScale(0, RoundingMode.HALF_UP).longValueExact();
        return Math.max(minimum, byDistance);
    }
}
