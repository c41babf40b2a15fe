package io.ridewire.functions.rides;

import io.micronaut.context.ApplicationContext;
import io.ridewire.functions.gateway.Inbound;
import io.ridewire.functions.gateway.Reply;
import io.ridewire.functions.gateway.RouteHandler;
import io.ridewire.functions.location.Coordinates;
import io.ridewire.model.location.Reading;
import io.ridewire.model.matching.Party;
import io.ridewire.model.protocol.EventType;
import io.ridewire.model.protocol.Fields;
import io.ridewire.model.protocol.InvalidMessage;

import java.util.Set;

/**
 * {@code ride.cancel} ({@code {"ride_id", "reason"?, "location"?}}) from either party before arrival: both receive
 * {@code ride.cancelled} with the partial billing; a passenger's cancellation asks for the cancellation fee with a
 * {@code payment.request}. Reasons are spec 002's that a person can give; the default is the party's own.
 */
public class RideCancelHandler extends RouteHandler {
    private static final Set<String> REASONS = Set.of("emergency", "passenger_request", "driver_issue");

    private final Rides rides;

    public RideCancelHandler() {
        this.rides = applicationContext.getBean(Rides.class);
    }

    public RideCancelHandler(ApplicationContext context) {
        super(context);
        this.rides = context.getBean(Rides.class);
    }

    @Override
    protected Reply handle(Inbound message) {
        Party party = Party.of(message.caller().role())
                .orElseThrow(() -> InvalidMessage.forbidden("type", "only the ride's driver or passenger cancels it"));
        Fields payload = message.fields();
        String rideId = payload.id("ride_id");
        String reason = payload.optionalOneOf("reason", REASONS)
                .orElse(party == Party.DRIVER ? "driver_issue" : "passenger_request");
        Reading at = payload.optionalObject("location").map(Coordinates::reading).orElse(null);
        return rides.cancel(message.caller().userId(), party, rideId, reason, at, message.trace())
                .map(again -> Reply.of(EventType.RIDE_CANCELLED, again))
                .orElseGet(Reply::none);
    }
}
