package io.ridewire.local.matching;

import java.util.concurrent.ThreadLocalRandom;

/**
 * A place for one test to play in: tests on the shared stack each pick a random spot, so no test proposes another
 * test's drivers (the pool is shared; a driver who disconnects stays in it for the grace period).
 */
record Spot(double lat, double lon) {
    /** The spec's pickup (Jl. Sudirman); only the test that checks the spec's figures uses it. */
    static final Spot SPEC_PICKUP = new Spot(-6.2088, 106.8456);
    /** The spec's destination (Jl. Thamrin). */
    static final Spot SPEC_DESTINATION = new Spot(-6.2200, 106.8300);

    static Spot random() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return new Spot(random.nextDouble(-50, 50), random.nextDouble(-170, 170));
    }

    /** The point {@code km} north of this one. */
    Spot north(double km) {
        return new Spot(lat + km / 111.195, lon);
    }

    /** The point about {@code km} east of this one. */
    Spot east(double km) {
        return new Spot(lat, lon + km / (111.195 * Math.cos(Math.toRadians(lat))));
    }
}
