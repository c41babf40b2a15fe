package io.ridewire.functions.rides;

import io.micronaut.context.ApplicationContext;
import io.ridewire.functions.gateway.Inbound;
import io.ridewire.functions.gateway.Reply;
import io.ridewire.functions.gateway.RouteHandler;
import io.ridewire.model.identity.Role;
import io.ridewire.model.protocol.EventType;
import io.ridewire.model.protocol.InvalidMessage;
import io.ridewire.model.inbound.RideArrived;
import jakarta.inject.Inject;

/**
 * {@code ride.arrived} from the ride's driver: {@code adjustment_factor} in [0, 1] (1 when absent; outside is
 * OUT_OF_RANGE), {@code adjustment_reason} optional, {@code arrival_location} optional. Both parties receive
 * {@code ride.completed} with the bill, the passenger {@code payment.request}. A repeated arrival is answered with
 * the same {@code ride.completed}.
 */
public class RideArrivedHandler extends RouteHandler {
    @Inject
    Rides rides;

    public RideArrivedHandler() {
    }

    public RideArrivedHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected Reply handle(Inbound message) {
        if (!message.caller().is(Role.DRIVER)) {
            throw InvalidMessage.forbidden("type", "only the ride's driver signals arrival");
        }
        RideArrived arrived = RideArrived.read(message.fields());
        return rides.arrive(message.caller().userId(), arrived.rideId(), arrived.at(), arrived.factor(),
                        arrived.reason(), message.trace())
                .<Reply>map(again -> Reply.of(EventType.RIDE_COMPLETED, again))
                .orElseGet(Reply::none);
    }
}
