package io.ridewire.functions.orders;

import io.ridewire.functions.connections.RoomSource;
import io.ridewire.model.identity.Caller;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/** On connect, customers and drivers are put back into the rooms of their active orders. */
@Singleton
public class OrderRooms implements RoomSource {
    private static final Logger LOG = LoggerFactory.getLogger(OrderRooms.class);

    private final OrderService orders;

    public OrderRooms(OrderService orders) {
        this.orders = orders;
    }

    @Override
    public List<String> roomsFor(Caller caller) {
        try {
            return orders.roomsOnConnect(caller);
        } catch (RuntimeException e) {
            // better connected without order rooms (the app can order:join or GET /orders/active) than refused
            LOG.warn("order rooms of {} unavailable: {}", caller.userId(), e.toString());
            return List.of();
        }
    }
}
