package io.ridewire.functions.delivery;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/** {@code ridewire.delivery.*}: how long durable events are kept and how unacknowledged ones are re-sent. */
@ConfigurationProperties("ridewire.delivery")
public interface DeliverySettings {

    /** How long a durable event can be replayed and re-sent ({@code RIDEWIRE_DELIVERY_RETENTION}). */
    @Bindable(defaultValue = "24h")
    Duration getRetention();

    /** First re-send of an unacknowledged critical event, after this long; doubling from there. */
    @Bindable(defaultValue = "2s")
    Duration getRedeliveryInitial();

    /** Longest pause between re-sends. */
    @Bindable(defaultValue = "60s")
    Duration getRedeliveryMax();

    /** Most events one {@code sync} or {@code GET /events} returns; {@code has_more} says when there are more. */
    @Bindable(defaultValue = "200")
    int getPageSize();
}
