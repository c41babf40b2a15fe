package io.ridewire.functions.orders;

import io.micronaut.context.ApplicationContext;
import io.ridewire.functions.gateway.Inbound;
import io.ridewire.functions.gateway.Reply;
import io.ridewire.functions.gateway.RouteHandler;
import io.ridewire.model.orders.payload.ViewerCount;
import io.ridewire.model.protocol.EventType;
import io.ridewire.model.protocol.InvalidMessage;
import io.ridewire.model.protocol.ServerMessage;
import io.ridewire.functions.push.Audience;
import io.ridewire.functions.push.Push;

import java.util.UUID;

/**
 * {@code stop_viewing_order} ({@code order_id}): the driver closed the order's details.
 * The sender gets {@code viewer_count} at once, echoing its message id; the order's other viewers and its customer
 * get it pushed, coalesced when many change at once.
 */
public class StopViewingOrderHandler extends RouteHandler {
    private final OrderService orders;
    private final Push push;

    public StopViewingOrderHandler() {
        this.orders = applicationContext.getBean(OrderService.class);
        this.push = applicationContext.getBean(Push.class);
    }

    public StopViewingOrderHandler(ApplicationContext context) {
        super(context);
        this.orders = context.getBean(OrderService.class);
        this.push = context.getBean(Push.class);
    }

    @Override
    protected Reply handle(Inbound message) {
        if (!OrderService.isDriver(message.caller())) {
            throw InvalidMessage.forbidden("type", "only drivers view orders");
        }
        String orderId = OrderIds.read(message.fields());
        // the sender's answer goes out before the (possibly coalescing) broadcast to the others
        orders.viewing(message.caller(), message.connectionId(), orderId, false, count ->
                push.deliver(Audience.connection(message.connectionId()), ServerMessage.of(EventType.VIEWER_COUNT,
                        message.envelope().id() != null ? message.envelope().id() : UUID.randomUUID().toString(),
                        new ViewerCount(orderId, count))));
        return Reply.none();
    }
}
