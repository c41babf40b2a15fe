package io.ridewire.functions.ratelimit;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Positive;

import java.time.Duration;
import java.util.List;

/**
 * {@code ridewire.rate-limit.*}: per user and event type, or REST route ({@code METHOD /template}). The default is the spec's example, 10 per 60 s;
 * {@code overrides} lists {@code type=limit/window} entries ({@code RIDEWIRE_RATE_LIMIT_OVERRIDES}, comma-separated).
 */
@ConfigurationProperties("ridewire.rate-limit")
public interface RateLimitSettings {

    @Bindable(defaultValue = "true")
    boolean isEnabled();

    @Bindable(defaultValue = "10")
    @Positive
    long getLimit();

    @Bindable(defaultValue = "60s")
    Duration getWindow();

    @Bindable(defaultValue = "location.update=120/60s,driver:location_update=60/60s,beacon.update=30/60s,"
            + "ack=600/60s,$connect=20/60s,viewing_order=60/60s,stop_viewing_order=60/60s,request_lock=30/60s,"
            + "sync=30/60s,order:join=30/60s,GET /events=60/60s,POST /events/{id}/ack=600/60s,GET /orders/active=60/60s,"
            + "GET /orders/{id}=60/60s")
    List<String> getOverrides();
}
