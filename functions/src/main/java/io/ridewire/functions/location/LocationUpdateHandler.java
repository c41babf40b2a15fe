package io.ridewire.functions.location;

import io.micronaut.context.ApplicationContext;
import io.ridewire.functions.gateway.Inbound;
import io.ridewire.functions.gateway.Reply;
import io.ridewire.functions.gateway.RouteHandler;
import io.ridewire.model.matching.Party;
import io.ridewire.model.protocol.InvalidMessage;
import io.ridewire.model.inbound.LocationUpdate;
import jakarta.inject.Inject;

/**
 * {@code location.update}: a validated fix from a driver or passenger, recorded and published. No reply: the
 * spec has none, and at one update per second an answer would only be noise. Refusals are {@code error.validation}:
 * FORBIDDEN for a {@code ride_id} that is not the sender's ride, OUT_OF_ORDER for a driver's fix older than their
 * previous one (see {@link LocationUpdates}).
 */
public class LocationUpdateHandler extends RouteHandler {
    @Inject
    LocationUpdates updates;
    @Inject
    LocationSettings settings;

    public LocationUpdateHandler() {
    }

    public LocationUpdateHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected Reply handle(Inbound message) {
        if (Party.of(message.caller().role()).isEmpty()) {
            throw InvalidMessage.forbidden("type", "only drivers and passengers send location updates");
        }
        LocationUpdate update = LocationUpdate.read(message.fields(), message.receivedAt(), settings.getMaxClockSkew());
        updates.accept(new LocationFix(message.caller(), message.connectionId(), update.reading(), update.rideId(),
                update.at(), message.trace()));
        return Reply.none();
    }
}
