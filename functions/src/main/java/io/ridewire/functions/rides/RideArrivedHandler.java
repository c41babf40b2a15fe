package io.ridewire.functions.rides;

import io.micronaut.context.ApplicationContext;
import io.ridewire.functions.gateway.Inbound;
import io.ridewire.functions.gateway.Reply;
import io.ridewire.functions.gateway.RouteHandler;
import io.ridewire.model.identity.Role;
import io.ridewire.functions.location.Coordinates;
import io.ridewire.model.location.Reading;
import io.ridewire.model.protocol.ErrorCode;
import io.ridewire.model.protocol.EventType;
import io.ridewire.model.protocol.Fields;
import io.ridewire.model.protocol.InvalidMessage;

import java.math.BigDecimal;

/**
 * {@code ride.arrived} from the ride's driver: {@code adjustment_factor} in [0, 1] (1 when absent; outside is
 * OUT_OF_RANGE), {@code adjustment_reason} optional, {@code arrival_location} optional. Both parties receive
 * {@code ride.completed} with the bill, the passenger {@code payment.request}. A repeated arrival is answered with
 * the same {@code ride.completed}.
 */
public class RideArrivedHandler extends RouteHandler {
    private final Rides rides;

    public RideArrivedHandler() {
        this.rides = applicationContext.getBean(Rides.class);
    }

    public RideArrivedHandler(ApplicationContext context) {
        super(context);
        this.rides = context.getBean(Rides.class);
    }

    @Override
    protected Reply handle(Inbound message) {
        if (!message.caller().is(Role.DRIVER)) {
            throw InvalidMessage.forbidden("type", "only the ride's driver signals arrival");
        }
        Fields payload = message.fields();
        String rideId = payload.id("ride_id");
        Reading at = payload.optionalObject("arrival_location").map(Coordinates::reading).orElse(null);
        // BigDecimal.valueOf keeps the factor as the app wrote it (0.9, not 0.9000000000000000222)
        BigDecimal factor = BigDecimal.valueOf(
                payload.optionalNumberIn("adjustment_factor", 0, 1, ErrorCode.OUT_OF_RANGE).orElse(1.0));
        String reason = payload.optionalString("adjustment_reason").orElse(null);
        return rides.arrive(message.caller().userId(), rideId, at, factor, reason, message.trace())
                .map(again -> Reply.of(EventType.RIDE_COMPLETED, again))
                .orElseGet(Reply::none);
    }
}
