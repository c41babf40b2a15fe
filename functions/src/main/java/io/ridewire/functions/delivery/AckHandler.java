package io.ridewire.functions.delivery;

import io.micronaut.context.ApplicationContext;
import io.ridewire.functions.gateway.Inbound;
import io.ridewire.functions.gateway.Reply;
import io.ridewire.functions.gateway.RouteHandler;
import io.ridewire.model.protocol.ErrorCode;
import io.ridewire.model.protocol.InvalidMessage;
import io.ridewire.model.inbound.Ack;
import jakarta.inject.Inject;

/**
 * {@code ack} ({@code {"id": "…"}}): the client received a critical event; its re-sends stop. Acknowledging twice is
 * harmless; an id the caller's inbox does not hold is {@code NOT_FOUND}.
 */
public class AckHandler extends RouteHandler {
    @Inject
    DurableDelivery delivery;

    public AckHandler() {
    }

    public AckHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected Reply handle(Inbound message) {
        Ack ack = Ack.read(message.fields());
        if (!delivery.ack(Inbox.of(message.caller()), ack.id())) {
            throw new InvalidMessage("id", ErrorCode.NOT_FOUND, "no event " + ack.id() + " to acknowledge");
        }
        return Reply.none();
    }
}
