package io.ridewire.functions.orders;

import io.ridewire.functions.drivers.DriverIndex;
import io.ridewire.model.orders.OrderStatus;
import io.ridewire.model.orders.OrderType;

import io.ridewire.functions.delivery.DurableDelivery;
import io.ridewire.functions.delivery.Inbox;
import io.ridewire.model.orders.payload.AdminAlert;
import io.ridewire.model.orders.payload.DeliveryNewRequest;
import io.ridewire.model.orders.payload.DriverDetails;
import io.ridewire.model.orders.payload.MerchantNewOrder;
import io.ridewire.model.orders.payload.NewOrder;
import io.ridewire.model.orders.payload.OrderAccepted;
import io.ridewire.model.orders.payload.OrderCancelled;
import io.ridewire.model.orders.payload.OrderDriverLocation;
import io.ridewire.model.orders.payload.OrderEscalated;
import io.ridewire.model.orders.payload.OrderStatusUpdate;
import io.ridewire.model.orders.payload.OrderSummary;
import io.ridewire.model.orders.payload.ViewerCount;
import io.ridewire.model.protocol.EventType;
import io.ridewire.model.protocol.ServerMessage;
import io.ridewire.functions.push.Delivery;
import io.ridewire.functions.push.Audience;
import io.ridewire.functions.push.Push;
import io.ridewire.model.rooms.RoomNames;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who hears what in the order flows. Events a participant must not miss (status updates, the merchant's new order,
 * acceptance and cancellation for the customer) go through {@link DurableDelivery} into the customer's, store's
 * and driver's inboxes; the order room's other members (support) and the drivers being offered an order get plain
 * pushes. A connection that is both in an inbox and in the room receives the event once.
 */
@Singleton
public class OrderEvents {
    private final DurableDelivery durable;
    private final Push push;
    private final DriverIndex drivers;
    private final OrderSettings settings;
    private final Clock clock;

    public OrderEvents(DurableDelivery durable, Push push,
                       DriverIndex drivers, OrderSettings settings, Clock clock) {
        this.durable = durable;
        this.push = push;
        this.drivers = drivers;
        this.settings = settings;
        this.clock = clock;
    }

    /** The id of the merchant's new-order event, so accepting the order can acknowledge it. */
    static String newOrderEventId(String orderId) {
        return "order:" + orderId + ":merchant_new_order";
    }

    /** {@code merchant:new_order} to the store's inbox: critical, re-sent until a merchant acknowledges it. */
    public void merchantNewOrder(Order order) {
        durable.send(Inbox.store(order.storeId()), newOrderEventId(order.orderId()), EventType.MERCHANT_NEW_ORDER,
                new MerchantNewOrder(order.orderId(), order.items(), settings.getMerchantTimeout().toSeconds()));
    }

    /** {@code order:status_update} to {@code order_{id}}, {@code customer_{id}}, {@code merchant_{id}}, {@code driver_{id}}. */
    public void statusChanged(Order order) {
        OrderStatusUpdate update = new OrderStatusUpdate(order.orderId(), order.status().wireName(), order.updatedAt(),
                order.status() == OrderStatus.CANCELLED ? order.cancelReason() : null);
        String eventId = "order:" + order.orderId() + ":status:" + order.status().wireName();
        durable.sendToRoom(RoomNames.order(order.orderId()), OrderRoomInboxes.participants(order), eventId,
                EventType.ORDER_STATUS_UPDATE, update);
    }

    /** {@code delivery:new_request} (delivery) or {@code new_order} (taxi) to the given drivers; returns deliveries. */
    public Delivery offer(Order order, Collection<String> driverIds) {
        ServerMessage message = order.type() == OrderType.DELIVERY
                ? Push.event(EventType.DELIVERY_NEW_REQUEST,
                        new DeliveryNewRequest(order.orderId(), order.pickup(), order.drop(), order.fare()))
                : Push.event(EventType.NEW_ORDER, new NewOrder(new OrderSummary(order.orderId(),
                        order.type().wireName(), order.pickup(), order.drop(), order.fare(), null, order.createdAt())));
        return push.deliver(drivers(driverIds), message);
    }

    /** {@code order_accepted} to every driver who saw the order and, durably, to the customer. */
    public void accepted(Order order, DriverDetails driver, Collection<String> audience) {
        OrderAccepted accepted = new OrderAccepted(order.orderId(), order.driverId(), driver);
        String eventId = "order:" + order.orderId() + ":accepted";
        durable.send(Inbox.user(order.customerId()), eventId, EventType.ORDER_ACCEPTED, accepted);
        push.deliver(drivers(audience),
                new ServerMessage(EventType.ORDER_ACCEPTED.wireName(), eventId, null, null, accepted));
    }

    /** {@code order_cancelled} to every driver who saw the order and, durably, to the customer. */
    public void cancelled(Order order, Collection<String> audience) {
        OrderCancelled cancelled = new OrderCancelled(order.orderId());
        String eventId = "order:" + order.orderId() + ":cancelled";
        durable.send(Inbox.user(order.customerId()), eventId, EventType.ORDER_CANCELLED, cancelled);
        Set<String> drivers = new LinkedHashSet<>(audience);
        if (order.driverId() != null) {
            drivers.add(order.driverId());
        }
        push.deliver(drivers(drivers),
                new ServerMessage(EventType.ORDER_CANCELLED.wireName(), eventId, null, null, cancelled));
    }

    /** {@code viewer_count} to the drivers viewing the order and to its customer. */
    public void viewerCount(Order order, long count, Collection<String> viewers, String except) {
        ServerMessage message = Push.event(EventType.VIEWER_COUNT, new ViewerCount(order.orderId(), count));
        Audience audience = Audience.all(drivers(viewers), Audience.user(order.customerId()));
        push.deliver(except == null ? audience : audience.except(Set.of(except)), message);
    }

    /** {@code order:driver_location} to each of the driver's order rooms. */
    public void driverLocation(Collection<String> orderIds, double lat, double lng) {
        for (String orderId : orderIds) {
            push.deliver(Audience.room(RoomNames.order(orderId)), Push.event(EventType.ORDER_DRIVER_LOCATION,
                    new OrderDriverLocation(orderId, lat, lng)));
        }
    }

    /** The merchant let the window pass: {@code admin_updates} hears of it, and the customer if the order was escalated. */
    public void merchantTimedOut(Order order, String action) {
        push.deliver(Audience.room(RoomNames.ADMIN_UPDATES), Push.event(EventType.ADMIN_ALERT, new AdminAlert("merchant_timeout",
                order.orderId(), order.storeId(), action, clock.instant())));
        if ("escalated".equals(action)) {
            durable.send(Inbox.user(order.customerId()), "order:" + order.orderId() + ":escalated",
                    EventType.ORDER_ESCALATED, new OrderEscalated(order.orderId(), "merchant_timeout", clock.instant()));
        }
    }

    /** Stops the re-sends of the merchant's new-order event (it was accepted, or the order is over). */
    public void settleNewOrder(Order order) {
        if (order.storeId() != null) {
            durable.ack(Inbox.store(order.storeId()), newOrderEventId(order.orderId()));
        }
    }

    /** The drivers: the connection each last reported from, or their session when unknown. */
    Audience drivers(Collection<String> driverIds) {
        Map<String, String> known = drivers.connections(driverIds);
        List<Audience> audiences = new ArrayList<>();
        known.values().forEach(connection -> audiences.add(Audience.connection(connection)));
        driverIds.stream().filter(id -> !known.containsKey(id)).forEach(id -> audiences.add(Audience.user(id)));
        return new Audience.All(audiences);
    }
}
