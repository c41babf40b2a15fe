package io.ridewire.functions.push;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/** {@code ridewire.push.*}: how much work one connection may hold. */
@ConfigurationProperties("ridewire.push")
public interface PushSettings {

    /**
     * Posts to one connection in flight at once ({@code RIDEWIRE_PUSH_IN_FLIGHT_PER_CONNECTION}); 1 keeps a
     * connection's frames in the order they were sent, and a slow connection holds at most this many HTTP slots.
     */
    @Bindable(defaultValue = "1")
    int getInFlightPerConnection();

    /**
     * Frames waiting for one connection beyond which further posts fail at once ({@code RIDEWIRE_PUSH_QUEUE_PER_CONNECTION}):
     * a reader that stays this far behind delays only itself; durable events reach it again by re-send or sync.
     */
    @Bindable(defaultValue = "256")
    int getQueuePerConnection();
}
