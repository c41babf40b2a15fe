package io.ridewire.functions.orders;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/** {@code ridewire.orders.*}: the order flows' timers, locks, geo-fence and fares. */
@ConfigurationProperties("ridewire.orders")
public interface OrderSettings {

    /** The merchant's window to accept a new delivery order ({@code merchant:new_order.timer}). */
    @Bindable(defaultValue = "60s")
    Duration getMerchantTimeout();

    /** What happens when the window passes: {@code cancel} the order or {@code escalate} it to support. */
    @Bindable(defaultValue = "cancel")
    String getMerchantTimeoutAction();

    /** How long a driver's lock on an order lasts (the taxi spec's 5 s). */
    @Bindable(defaultValue = "5s")
    Duration getLockTtl();

    /** Radius around the pickup within which available drivers are sent a request. */
    @Bindable(defaultValue = "5")
    double getBroadcastRadiusKm();

    /** Most drivers sent one request (nearest first). */
    @Bindable(defaultValue = "200")
    int getBroadcastLimit();

    /** A driver whose last location is older than this is not offered orders. */
    @Bindable(defaultValue = "2m")
    Duration getDriverFreshness();

    /** A driver stops counting as a viewer this long after its last {@code viewing_order}, connection or not. */
    @Bindable(defaultValue = "10m")
    Duration getViewerTtl();

    /**
     * Viewer-count broadcasts per order are coalesced over this window: a change in a quiet period is told at once,
     * a burst of changes at most once per window (the latest count). 0 tells every change.
     */
    @Bindable(defaultValue = "250ms")
    Duration getViewerCountWindow();

    /** Fare per km in whole rupiah. */
    @Bindable(defaultValue = "3000")
    long getFarePerKm();

    /** Smallest fare in whole rupiah. */
    @Bindable(defaultValue = "10000")
    long getMinimumFare();

    /** How long an order's row is kept after it was placed (DynamoDB TTL). */
    @Bindable(defaultValue = "30d")
    Duration getRetention();
}
