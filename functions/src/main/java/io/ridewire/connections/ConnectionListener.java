package io.ridewire.connections;

/**
 * Told when a connection has closed and its rows are gone ({@code $disconnect}), so a capability can react — the
 * driver pool starts a disconnect grace period, say. Must be quick and must not throw.
 */
public interface ConnectionListener {
    void onClosed(Connection connection);
}
