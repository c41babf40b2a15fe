package io.ridewire.bench.matching;

import io.ridewire.functions.drivers.DriverIndex;
import io.ridewire.functions.drivers.DriverProfile;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Puts drivers in the pool through the pool's own beacon step (the same Redis script a {@code beacon.update}
 * runs), spread over Jakarta: 70 % motorcycles, 30 % cars.
 */
final class DriverLoader {
    private DriverLoader() {
    }

    static void load(DriverIndex pool, String idPrefix, int drivers, long seed) throws Exception {
        int threads = 32;
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> parts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                final int part = t;
                parts.add(executor.submit(() -> {
                    // a seed space of its own: the other steps draw their points from seed + 1 … seed + 4
                    SplittableRandom random = new SplittableRandom(seed * 7919 + 1000 + part);
                    for (int i = part; i < drivers; i += threads) {
                        String type = random.nextInt(10) < 7 ? "motorcycle" : "car";
                        pool.beacon(idPrefix + i, true, new DriverProfile(type, "B" + i + "XYZ", "Driver " + i, null,
                                3.5 + random.nextInt(16) / 10.0), JakartaArea.randomPoint(random), null);
                    }
                    return null;
                }));
            }
            for (Future<?> part : parts) {
                part.get();
            }
        }
    }
}
