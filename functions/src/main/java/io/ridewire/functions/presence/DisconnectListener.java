package io.ridewire.functions.presence;

import io.ridewire.functions.presence.Connection;

/**
 * Told when a connection has been forgotten on {@code $disconnect}, to drop state kept per connection elsewhere
 * (an order's viewers, say). A listener must not throw; failures are logged and ignored.
 */
public interface DisconnectListener {
    void disconnected(Connection connection);
}
