package io.ridewire.local.rides;

import io.ridewire.model.geo.Haversine;

import java.util.concurrent.ThreadLocalRandom;

/** A place on the map for a test, and points a given distance from it. Each test picks a random one. */
public record Point(double lat, double lon) {
    private static final double KM_PER_DEGREE = Haversine.EARTH_RADIUS_KM * Math.PI / 180;

    public static Point random() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return new Point(random.nextDouble(-50, 50), random.nextDouble(-170, 170));
    }

    /** {@code km} north, exactly (along the meridian, as the haversine measures it). */
    public Point north(double km) {
        return new Point(lat + km / KM_PER_DEGREE, lon);
    }

    /** {@code metres} east and north, for noise around a point. */
    Point offset(double eastMetres, double northMetres) {
        return new Point(lat + northMetres / 1000 / KM_PER_DEGREE,
                lon + eastMetres / 1000 / (KM_PER_DEGREE * Math.cos(Math.toRadians(lat))));
    }
}
