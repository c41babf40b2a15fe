package io.ridewire.functions.orders;

import io.ridewire.functions.drivers.DriverPosition;
import io.micronaut.context.ApplicationContext;
import io.ridewire.functions.gateway.Inbound;
import io.ridewire.functions.gateway.Reply;
import io.ridewire.functions.gateway.RouteHandler;
import io.ridewire.model.protocol.InvalidMessage;
import io.ridewire.model.inbound.DriverLocationUpdate;
import jakarta.inject.Inject;

/**
 * {@code driver:location_update} ({@code lat, lng, heading?, speed?}) from a driver: cached in Redis, the driver
 * kept in (or out of) the available pool, and forwarded as {@code order:driver_location} to its order rooms. No
 * reply: it comes every few seconds.
 */
public class DriverLocationHandler extends RouteHandler {
    @Inject
    OrderService orders;

    public DriverLocationHandler() {
    }

    public DriverLocationHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected Reply handle(Inbound message) {
        if (!OrderService.isDriver(message.caller())) {
            throw InvalidMessage.forbidden("type", "only drivers send driver:location_update");
        }
        DriverLocationUpdate update = DriverLocationUpdate.read(message.fields());
        orders.driverMoved(message.caller(), message.connectionId(), new DriverPosition(update.lat(), update.lng(),
                update.heading(), update.speed(), message.receivedAt()));
        return Reply.none();
    }
}
