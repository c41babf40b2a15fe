package io.ridewire.functions.delivery;

import io.micronaut.context.ApplicationContext;
import io.ridewire.functions.gateway.Inbound;
import io.ridewire.functions.gateway.Reply;
import io.ridewire.functions.gateway.RouteHandler;
import io.ridewire.model.protocol.ErrorCode;
import io.ridewire.model.protocol.InvalidMessage;

/**
 * {@code ack} ({@code {"id": "…"}}): the client received a critical event; its re-sends stop. Acknowledging twice is
 * harmless; an id the caller's inbox does not hold is {@code NOT_FOUND}.
 */
public class AckHandler extends RouteHandler {
    private final DurableDelivery delivery;

    public AckHandler() {
        this.delivery = applicationContext.getBean(DurableDelivery.class);
    }

    public AckHandler(ApplicationContext context) {
        super(context);
        this.delivery = context.getBean(DurableDelivery.class);
    }

    @Override
    protected Reply handle(Inbound message) {
        String id = message.fields().id("id");
        if (!delivery.ack(Inbox.of(message.caller()), id)) {
            throw new InvalidMessage("id", ErrorCode.NOT_FOUND, "no event " + id + " to acknowledge");
        }
        return Reply.none();
    }
}
