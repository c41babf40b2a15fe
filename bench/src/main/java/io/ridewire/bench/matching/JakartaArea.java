package io.ridewire.bench.matching;

import io.ridewire.model.geo.GeoPoint;

import java.util.random.RandomGenerator;

/** Greater Jakarta, about 39 km × 39 km, where the benchmark's drivers and passengers are spread uniformly. */
final class JakartaArea {
    static final double SOUTH = -6.40;
    static final double NORTH = -6.05;
    static final double WEST = 106.65;
    static final double EAST = 107.00;

    private JakartaArea() {
    }

    static GeoPoint randomPoint(RandomGenerator random) {
        return GeoPoint.of(random.nextDouble(SOUTH, NORTH), random.nextDouble(WEST, EAST));
    }
}
