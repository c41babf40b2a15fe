package io.ridewire.functions.testing;

import io.ridewire.model.geo.GeoPoint;

import java.util.UUID;

/** Points and ids for the services' tests: each test gets its own spot, far from every other test's drivers. */
public final class Places {
    private Places() {
    }

    /** A spot of its own per call: 0.5° (about 55 km) of latitude apart, beyond every search radius. */
    public static synchronized GeoPoint spot() {
        return GeoPoint.of(-40 + 0.5 * next++, 110.0);
    }

    private static int next;

    /** {@code km} north of a point. */
    public static GeoPoint north(GeoPoint from, double km) {
        return GeoPoint.of(from.latitude() + km / 111.195, from.longitude());
    }

    /** An id no other test uses. */
    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
