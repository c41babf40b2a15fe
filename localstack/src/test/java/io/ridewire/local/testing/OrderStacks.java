package io.ridewire.local.testing;

import io.ridewire.local.LocalStack;

/**
 * One local stack per test JVM for the order and delivery tests, with the timers shortened so the 60 s merchant
 * window and the re-send backoff can be observed in seconds.
 */
public final class OrderStacks {
    /** The merchant's window to accept a new order in these tests. */
    public static final int MERCHANT_TIMEOUT_SECONDS = 4;
    private static LocalStack shared;

    private OrderStacks() {
    }

    public static synchronized LocalStack shared() {
        if (shared == null) {
            shared = TestStacks.start(b -> b
                    .property("ridewire.orders.merchant-timeout", MERCHANT_TIMEOUT_SECONDS + "s")
                    .property("ridewire.delivery.redelivery-initial", "400ms")
                    .property("ridewire.delivery.redelivery-max", "800ms"));
            LocalStack stack = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close));
        }
        return shared;
    }
}
