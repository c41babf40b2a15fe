package io.ridewire.local.rides;

import io.ridewire.local.LocalStack;
import io.ridewire.local.testing.TestStacks;

/**
 * One local stack per test JVM for the ride and payment tests: {@code ride.progress} on every fix (interval 0), a
 * clock skew of 2 h so a test can send a ride's minutes of fixes time-stamped ahead in a few seconds, and rate
 * limits raised for the concurrency tests (100 selections of one payment).
 */
final class RideStacks {
    private static LocalStack shared;

    private RideStacks() {
    }

    static synchronized LocalStack shared() {
        if (shared == null) {
            shared = TestStacks.start(b -> b
                    .property("ridewire.location.max-clock-skew", "2h")
                    .property("ridewire.rides.progress-interval", "0s")
                    .property("ridewire.rate-limit.overrides", "location.update=2000/60s,beacon.update=300/60s,"
                            + "ack=6000/60s,$connect=200/60s,payment.method_selected=1000/60s,ride.start=100/60s,"
                            + "ride.arrived=100/60s,ride.cancel=100/60s,match.request=100/60s,match.accept=100/60s"));
            LocalStack stack = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close));
        }
        return shared;
    }
}
