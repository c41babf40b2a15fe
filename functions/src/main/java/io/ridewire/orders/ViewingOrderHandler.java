package io.ridewire.orders;

import io.micronaut.context.ApplicationContext;
import io.ridewire.gateway.Inbound;
import io.ridewire.gateway.Reply;
import io.ridewire.gateway.RouteHandler;
import io.ridewire.orders.payload.ViewerCount;
import io.ridewire.protocol.EventType;
import io.ridewire.protocol.InvalidMessage;

/**
 * {@code viewing_order} ({@code order_id}): a driver looks at an order's details. The sender gets {@code viewer_count} as the reply; the order's
 * other viewers and its customer get it pushed.
 */
public class ViewingOrderHandler extends RouteHandler {
    private final OrderService orders;

    public ViewingOrderHandler() {
        this.orders = applicationContext.getBean(OrderService.class);
    }

    public ViewingOrderHandler(ApplicationContext context) {
        super(context);
        this.orders = context.getBean(OrderService.class);
    }

    @Override
    protected Reply handle(Inbound message) {
        if (!OrderService.isDriver(message.caller())) {
            throw InvalidMessage.forbidden("type", "only drivers view orders");
        }
        String orderId = OrderIds.read(message.fields());
        long count = orders.viewing(message.caller(), message.connectionId(), orderId, true);
        return Reply.of(EventType.VIEWER_COUNT, new ViewerCount(orderId, count));
    }
}
