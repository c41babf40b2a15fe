package io.ridewire.functions.location;

import io.micronaut.context.ApplicationContext;
import io.ridewire.functions.gateway.Inbound;
import io.ridewire.functions.gateway.Reply;
import io.ridewire.functions.gateway.RouteHandler;
import io.ridewire.functions.push.Audience;
import io.ridewire.functions.push.Push;
import io.ridewire.model.protocol.EventType;
import io.ridewire.model.matching.Party;
import io.ridewire.model.protocol.InvalidMessage;
import io.ridewire.model.inbound.LocationUpdate;
import jakarta.inject.Inject;
import jakarta.inject.Provider;

/**
 * {@code location.update}: a validated fix from a driver or passenger, recorded and published. No reply: the
 * spec has none, and at one update per second an answer would only be noise. Refusals are {@code error.validation}:
 * FORBIDDEN for a {@code ride_id} that is not the sender's ride, OUT_OF_ORDER for a driver's fix older than their
 * previous one (see {@link LocationUpdates}). A driver's first fix over a connection since their record lost its
 * beacon gets an unsolicited {@code beacon.status} (not active), pushed with an id of its own: it answers no request.
 */
public class LocationUpdateHandler extends RouteHandler {
    @Inject
    LocationUpdates updates;
    @Inject
    LocationSettings settings;
    // resolved on the first push: most fixes push nothing
    @Inject
    Provider<Push> push;

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
                update.at(), message.trace()))
                .ifPresent(status -> push.get().deliver(Audience.connection(message.connectionId()),
                        Push.event(EventType.BEACON_STATUS, status)));
        return Reply.none();
    }
}
