package io.ridewire.functions.orders;

import io.micronaut.context.ApplicationContext;
import io.ridewire.functions.gateway.Inbound;
import io.ridewire.functions.gateway.Reply;
import io.ridewire.functions.gateway.RouteHandler;
import io.ridewire.model.orders.payload.OrderJoined;
import io.ridewire.model.protocol.EventType;
import io.ridewire.model.inbound.OrderRef;
import jakarta.inject.Inject;

/**
 * {@code order:join} ({@code order_id}): puts this connection in {@code order_{id}} if the server's records say the
 * caller belongs there (the customer, the assigned driver, support); anyone else is refused with FORBIDDEN.
 */
public class JoinOrderHandler extends RouteHandler {
    @Inject
    OrderService orders;

    public JoinOrderHandler() {
    }

    public JoinOrderHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected Reply handle(Inbound message) {
        String orderId = OrderRef.read(message.fields()).orderId();
        String room = orders.join(message.caller(), message.connectionId(), orderId);
        return Reply.of(EventType.ORDER_JOINED, new OrderJoined(orderId, room));
    }
}
