package io.ridewire.functions.location;

import io.ridewire.model.location.Reading;

import io.micronaut.context.ApplicationContext;
import io.ridewire.functions.gateway.Inbound;
import io.ridewire.functions.gateway.Reply;
import io.ridewire.functions.gateway.RouteHandler;
import io.ridewire.model.matching.Party;
import io.ridewire.model.protocol.Fields;
import io.ridewire.model.protocol.InvalidMessage;

import java.time.Instant;

/**
 * {@code location.update}: a validated fix from a driver or passenger, recorded and published. No reply: the
 * spec has none, and at one update per second an answer would only be noise. Refusals are {@code error.validation}:
 * FORBIDDEN for a {@code ride_id} that is not the sender's ride, OUT_OF_ORDER for a driver's fix older than their
 * previous one (see {@link LocationUpdates}).
 */
public class LocationUpdateHandler extends RouteHandler {
    private final LocationUpdates updates;
    private final LocationSettings settings;

    public LocationUpdateHandler() {
        this.updates = applicationContext.getBean(LocationUpdates.class);
        this.settings = applicationContext.getBean(LocationSettings.class);
    }

    public LocationUpdateHandler(ApplicationContext context) {
        super(context);
        this.updates = context.getBean(LocationUpdates.class);
        this.settings = context.getBean(LocationSettings.class);
    }

    @Override
    protected Reply handle(Inbound message) {
        if (Party.of(message.caller().role()).isEmpty()) {
            throw InvalidMessage.forbidden("type", "only drivers and passengers send location updates");
        }
        Fields payload = message.fields();
        Reading reading = Coordinates.reading(payload.object("location"));
        String rideId = payload.optionalId("ride_id").orElse(null);
        Instant at = Coordinates.timestamp(payload, "timestamp", message.receivedAt(), settings.getMaxClockSkew());
        updates.accept(new LocationFix(message.caller(), message.connectionId(), reading, rideId, at, message.trace()));
        return Reply.none();
    }
}
