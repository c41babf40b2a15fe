package io.ridewire.functions.rides;

import io.micronaut.context.ApplicationContext;
import io.ridewire.functions.gateway.Inbound;
import io.ridewire.functions.gateway.Reply;
import io.ridewire.functions.gateway.RouteHandler;
import io.ridewire.model.matching.Party;
import io.ridewire.model.protocol.EventType;
import io.ridewire.model.protocol.InvalidMessage;
import io.ridewire.model.inbound.RideCancel;
import jakarta.inject.Inject;

/**
 * {@code ride.cancel} ({@code {"ride_id", "reason"?, "location"?}}) from either party before arrival: both receive
 * {@code ride.cancelled} with the partial billing; a passenger's cancellation asks for the cancellation fee with a
 * {@code payment.request}. Reasons are spec 002's that a person can give; the default is the party's own.
 */
public class RideCancelHandler extends RouteHandler {
    @Inject
    Rides rides;

    public RideCancelHandler() {
    }

    public RideCancelHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected Reply handle(Inbound message) {
        Party party = Party.of(message.caller().role())
                .orElseThrow(() -> InvalidMessage.forbidden("type", "only the ride's driver or passenger cancels it"));
        RideCancel cancel = RideCancel.read(message.fields(), party);
        return rides.cancel(message.caller().userId(), party, cancel.rideId(), cancel.reason(), cancel.at(),
                        message.trace())
                .<Reply>map(again -> Reply.of(EventType.RIDE_CANCELLED, again))
                .orElseGet(Reply::none);
    }
}
