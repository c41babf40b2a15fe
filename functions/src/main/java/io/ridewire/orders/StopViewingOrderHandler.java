package io.ridewire.orders;

import io.micronaut.context.ApplicationContext;
import io.ridewire.gateway.Inbound;
import io.ridewire.gateway.Reply;
import io.ridewire.gateway.RouteHandler;
import io.ridewire.orders.payload.ViewerCount;
import io.ridewire.protocol.EventType;
import io.ridewire.protocol.InvalidMessage;

/**
 * {@code stop_viewing_order} ({@code order_id}): the driver closed the order's details. The sender gets {@code viewer_count} as the reply; the order's
 * other viewers and its customer get it pushed.
 */
public class StopViewingOrderHandler extends RouteHandler {
    private final OrderService orders;

    public StopViewingOrderHandler() {
        this.orders = applicationContext.getBean(OrderService.class);
    }

    public StopViewingOrderHandler(ApplicationContext context) {
        super(context);
        this.orders = context.getBean(OrderService.class);
    }

    @Override
    protected Reply handle(Inbound message) {
        if (!OrderService.isDriver(message.caller())) {
            throw InvalidMessage.forbidden("type", "only drivers view orders");
        }
        String orderId = OrderIds.read(message.fields());
        long count = orders.viewing(message.caller(), message.connectionId(), orderId, false);
        return Reply.of(EventType.VIEWER_COUNT, new ViewerCount(orderId, count));
    }
}
