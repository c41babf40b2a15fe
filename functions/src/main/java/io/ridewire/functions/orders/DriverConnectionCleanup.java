package io.ridewire.functions.orders;

import io.ridewire.functions.presence.Connection;
import io.ridewire.functions.presence.DisconnectListener;
import io.ridewire.model.identity.Role;
import jakarta.inject.Singleton;

/** A driver's connection closed: its order views end and it leaves the pool of available drivers. */
@Singleton
public class DriverConnectionCleanup implements DisconnectListener {
    private final OrderService orders;

    public DriverConnectionCleanup(OrderService orders) {
        this.orders = orders;
    }

    @Override
    public void disconnected(Connection connection) {
        if (connection.caller().role() == Role.DRIVER) {
            orders.driverDisconnected(connection.caller().userId(), connection.connectionId());
        }
    }
}
