package io.ridewire.bench.matching;

import io.ridewire.functions.drivers.DriverIndex;
import io.ridewire.model.geo.GeoPoint;

import java.util.SplittableRandom;

/** The candidate search of every match request: the nearest available drivers of a type within 5 km. */
final class NearestDriverSearch {
    private NearestDriverSearch() {
    }

    static Latencies run(DriverIndex pool, String vehicleType, int searches, int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < Math.min(2_000, searches); i++) {
            pool.nearest(JakartaArea.randomPoint(random), vehicleType, 5.0, count);
        }
        Latencies latencies = new Latencies();
        long found = 0;
        for (int i = 0; i < searches; i++) {
            GeoPoint from = JakartaArea.randomPoint(random);
            long start = System.nanoTime();
            found += pool.nearest(from, vehicleType, 5.0, count).size();
            latencies.record(System.nanoTime() - start);
        }
        if (found < (long) searches * count / 2) {
            throw new IllegalStateException("searches found too few drivers: " + found);
        }
        return latencies;
    }
}
