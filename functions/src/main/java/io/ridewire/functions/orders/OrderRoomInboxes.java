package io.ridewire.functions.orders;

import io.ridewire.functions.delivery.Inbox;
import io.ridewire.functions.delivery.RoomInboxes;
import io.ridewire.model.rooms.RoomNames;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** An order's room stands for its customer, its store and its driver: its durable events are kept in their inboxes. */
@Singleton
public class OrderRoomInboxes implements RoomInboxes {
    private static final String PREFIX = RoomNames.order("");

    private final OrderStore orders;

    public OrderRoomInboxes(OrderStore orders) {
        this.orders = orders;
    }

    @Override
    public Optional<List<Inbox>> of(String room) {
        if (!room.startsWith(PREFIX)) {
            return Optional.empty();
        }
        return orders.find(room.substring(PREFIX.length())).map(OrderRoomInboxes::participants);
    }

    /** The inboxes an order's durable events are kept in: its customer's, its store's and its driver's. */
    static List<Inbox> participants(Order order) {
        List<Inbox> inboxes = new ArrayList<>(List.of(Inbox.user(order.customerId())));
        if (order.storeId() != null) {
            inboxes.add(Inbox.store(order.storeId()));
        }
        if (order.driverId() != null) {
            inboxes.add(Inbox.user(order.driverId()));
        }
        return inboxes;
    }
}
