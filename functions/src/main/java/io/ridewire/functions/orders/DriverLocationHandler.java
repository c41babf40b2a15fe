package io.ridewire.functions.orders;

import io.ridewire.functions.drivers.DriverPosition;
import io.micronaut.context.ApplicationContext;
import io.ridewire.functions.gateway.Inbound;
import io.ridewire.functions.gateway.Reply;
import io.ridewire.functions.gateway.RouteHandler;
import io.ridewire.model.protocol.ErrorCode;
import io.ridewire.model.protocol.Fields;
import io.ridewire.model.protocol.InvalidMessage;

/**
 * {@code driver:location_update} ({@code lat, lng, heading?, speed?}) from a driver: cached in Redis, the driver
 * kept in (or out of) the available pool, and forwarded as {@code order:driver_location} to its order rooms. No
 * reply: it comes every few seconds.
 */
public class DriverLocationHandler extends RouteHandler {
    private final OrderService orders;

    public DriverLocationHandler() {
        this.orders = applicationContext.getBean(OrderService.class);
    }

    public DriverLocationHandler(ApplicationContext context) {
        super(context);
        this.orders = context.getBean(OrderService.class);
    }

    @Override
    protected Reply handle(Inbound message) {
        if (!OrderService.isDriver(message.caller())) {
            throw InvalidMessage.forbidden("type", "only drivers send driver:location_update");
        }
        Fields fields = message.fields();
        DriverPosition position = new DriverPosition(
                fields.numberIn("lat", -90, 90, ErrorCode.INVALID_COORDINATES),
                fields.numberIn("lng", -180, 180, ErrorCode.INVALID_COORDINATES),
                fields.optionalNumberIn("heading", 0, 360, ErrorCode.OUT_OF_RANGE).orElse(null),
                fields.optionalNumberIn("speed", 0, 500, ErrorCode.OUT_OF_RANGE).orElse(null),
                message.receivedAt());
        orders.driverMoved(message.caller(), message.connectionId(), position);
        return Reply.none();
    }
}
