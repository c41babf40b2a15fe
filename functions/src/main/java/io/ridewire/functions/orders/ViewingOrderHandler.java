package io.ridewire.functions.orders;

import io.micronaut.context.ApplicationContext;
import io.ridewire.functions.gateway.Inbound;
import io.ridewire.functions.gateway.Reply;
import io.ridewire.functions.gateway.RouteHandler;
import io.ridewire.model.orders.payload.ViewerCount;
import io.ridewire.model.protocol.EventType;
import io.ridewire.model.protocol.InvalidMessage;
import io.ridewire.model.inbound.OrderRef;
import jakarta.inject.Inject;

/**
 * {@code viewing_order} ({@code order_id}): a driver looks at an order's details.
 * The sender gets {@code viewer_count} at once, echoing its message id; the order's other viewers and its customer
 * get it pushed, coalesced when many change at once.
 */
public class ViewingOrderHandler extends RouteHandler {
    @Inject
    OrderService orders;

    public ViewingOrderHandler() {
    }

    public ViewingOrderHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected Reply handle(Inbound message) {
        if (!OrderService.isDriver(message.caller())) {
            throw InvalidMessage.forbidden("type", "only drivers view orders");
        }
        String orderId = OrderRef.read(message.fields()).orderId();
        // answered now: the (possibly coalescing) broadcast to the others may take several windows
        orders.viewing(message.caller(), message.connectionId(), orderId, true,
                count -> message.answerNow(Reply.of(EventType.VIEWER_COUNT, new ViewerCount(orderId, count))));
        return Reply.none();
    }
}
