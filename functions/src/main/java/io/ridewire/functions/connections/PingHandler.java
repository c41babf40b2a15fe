package io.ridewire.functions.connections;

import io.micronaut.context.ApplicationContext;
import io.ridewire.functions.gateway.Inbound;
import io.ridewire.functions.gateway.Reply;
import io.ridewire.functions.gateway.RouteHandler;
import io.ridewire.model.protocol.EventType;
import io.ridewire.model.protocol.payload.Pong;
import jakarta.inject.Inject;

import java.time.Clock;

/** {@code ping} → {@code pong}, echoing the message id: the app's keep-alive and clock check. */
public class PingHandler extends RouteHandler {
    @Inject
    Clock clock;

    public PingHandler() {
    }

    public PingHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected Reply handle(Inbound message) {
        return Reply.of(EventType.PONG, new Pong(clock.instant()));
    }
}
