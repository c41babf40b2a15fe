package io.ridewire.functions.orders;

import io.ridewire.functions.connections.RoomSource;
import io.ridewire.model.identity.Caller;
import io.ridewire.model.rooms.RoomNames;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/** On connect, customers and drivers are put back into the rooms of their active orders. */
@Singleton
public class OrderRooms implements RoomSource {
    private static final Logger LOG = LoggerFactory.getLogger(OrderRooms.class);

    private final OrderStore orders;

    // the store, not the order service: $connect needs one query, not the service's whole graph
    public OrderRooms(OrderStore orders) {
        this.orders = orders;
    }

    @Override
    public List<String> roomsFor(Caller caller) {
        try {
            List<String> ids = switch (caller.role()) {
                case CUSTOMER, PASSENGER -> orders.activeIds(OrderStore.Owner.CUSTOMER, caller.userId());
                case DRIVER -> orders.activeIds(OrderStore.Owner.DRIVER, caller.userId());
                case MERCHANT, ADMIN, SUPPORT -> List.of();
            };
            return ids.stream().map(RoomNames::order).toList();
        } catch (RuntimeException e) {
            // better connected without order rooms (the app can order:join or GET /orders/active) than refused
            LOG.warn("order rooms of {} unavailable: {}", caller.userId(), e.toString());
            return List.of();
        }
    }
}
