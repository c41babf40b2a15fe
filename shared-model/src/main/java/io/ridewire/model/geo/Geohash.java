package io.ridewire.model.geo;

/**
 * The standard geohash (base 32, longitude bit first), as Redis {@code GEOHASH} and every geohash library
 * produce it. Six characters name a cell of about 1.2 km × 0.6 km.
 */
public final class Geohash {
    private static final char[] BASE32 = "0123456789bcdefghjkmnpqrstuvwxyz".toCharArray();
    public static final int MAX_PRECISION = 12;

    private Geohash() {
    }

    public static String encode(GeoPoint point, int precision) {
        return encode(point.latitude(), point.longitude(), precision);
    }

    public static String encode(double latitude, double longitude, int precision) {
        if (precision < 1 || precision > MAX_PRECISION) {
            throw new IllegalArgumentException("precision must lie between 1 and " + MAX_PRECISION);
        }
        double latMin = -90, latMax = 90, lonMin = -180, lonMax = 180;
        StringBuilder hash = new StringBuilder(precision);
        boolean longitudeBit = true;
        int bits = 0;
        int value = 0;
        while (hash.length() < precision) {
            if (longitudeBit) {
                double mid = (lonMin + lonMax) / 2;
                if (longitude >= mid) {
                    value = value << 1 | 1;
                    lonMin = mid;
                } else {
                    value <<= 1;
                    lonMax = mid;
                }
            } else {
                double mid = (latMin + latMax) / 2;
                if (latitude >= mid) {
                    value = value << 1 | 1;
                    latMin = mid;
                } else {
                    value <<= 1;
                    latMax = mid;
                }
            }
            longitudeBit = !longitudeBit;
            if (++bits == 5) {
                hash.append(BASE32[value]);
                bits = 0;
                value = 0;
            }
        }
        return hash.toString();
    }
}
