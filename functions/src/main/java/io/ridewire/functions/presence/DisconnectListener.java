package io.ridewire.functions.presence;

/**
 * Told once when a connection has been forgotten ({@link Departures}: closed, swept, or found gone by a push), to
 * drop state kept per connection elsewhere (an order's viewers, say). A listener must not throw; failures are logged and ignored.
 */
public interface DisconnectListener {
    void disconnected(Connection connection);
}
