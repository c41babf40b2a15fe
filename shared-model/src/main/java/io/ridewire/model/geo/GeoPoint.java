package io.ridewire.model.geo;

import io.micronaut.serde.annotation.Serdeable;

/**
 * A WGS 84 position in degrees. Validation of client input happens where it is read (with field and code);
 * here a point out of range is a programming error.
 */
@Serdeable
public record GeoPoint(double latitude, double longitude) {

    public GeoPoint {
        if (!(latitude >= -90 && latitude <= 90) || !(longitude >= -180 && longitude <= 180)) {
            throw new IllegalArgumentException("not a position: " + latitude + ", " + longitude);
        }
    }

    public static GeoPoint of(double latitude, double longitude) {
        return new GeoPoint(latitude, longitude);
    }

    /** Great-circle distance to another point, in kilometres. */
    public double distanceKmTo(GeoPoint other) {
        return Haversine.distanceKm(this, other);
    }
}
