package io.ridewire.functions.connections;

import io.micronaut.context.ApplicationContext;
import io.ridewire.functions.gateway.Inbound;
import io.ridewire.functions.gateway.Reply;
import io.ridewire.functions.gateway.RouteHandler;
import io.ridewire.model.protocol.ErrorCode;
import io.ridewire.model.protocol.InvalidMessage;

/**
 * {@code $default}: what no route matched. Non-JSON and a missing type are refused by the dispatcher while
 * decoding; a well-formed message of an unknown type is refused here with {@code UNKNOWN_EVENT}.
 */
public class DefaultRouteHandler extends RouteHandler {

    public DefaultRouteHandler() {
    }

    public DefaultRouteHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected Reply handle(Inbound message) {
        throw new InvalidMessage("type", ErrorCode.UNKNOWN_EVENT, "unknown event type: " + message.type());
    }
}
