package io.ridewire.functions.orders;

import java.time.Duration;
import java.util.Optional;

/**
 * The taxi spec's accept lock: one driver at a time may hold an order for a few seconds; the holder may renew
 * it, nobody else may take or release it until it expires.
 */
public interface OrderLocks {
    /** Takes (or renews, for its holder) the lock; false when another driver holds it. */
    boolean acquire(String orderId, String driverId, Duration ttl);

    /** Who holds the lock now. */
    Optional<String> holder(String orderId);

    /** Releases the lock if {@code driverId} holds it. */
    void release(String orderId, String driverId);
}
