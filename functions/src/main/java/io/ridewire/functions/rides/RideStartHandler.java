package io.ridewire.functions.rides;

import io.micronaut.context.ApplicationContext;
import io.ridewire.functions.gateway.Inbound;
import io.ridewire.functions.gateway.Reply;
import io.ridewire.functions.gateway.RouteHandler;
import io.ridewire.model.identity.Role;
import io.ridewire.functions.location.Coordinates;
import io.ridewire.functions.location.LocationSettings;
import io.ridewire.model.location.Reading;
import io.ridewire.model.protocol.EventType;
import io.ridewire.model.protocol.Fields;
import io.ridewire.model.protocol.InvalidMessage;

import java.time.Instant;

/**
 * {@code ride.start} ({@code {"match_id", "location"?, "timestamp"?}}) from the driver of a confirmed match, at the pickup:
 * answered with {@code ride.started}, which the passenger receives too. Without {@code location} the driver's last
 * {@code location.update} or beacon position is used.
 */
public class RideStartHandler extends RouteHandler {
    private final Rides rides;
    private final LocationSettings settings;

    public RideStartHandler() {
        this.rides = applicationContext.getBean(Rides.class);
        this.settings = applicationContext.getBean(LocationSettings.class);
    }

    public RideStartHandler(ApplicationContext context) {
        super(context);
        this.rides = context.getBean(Rides.class);
        this.settings = context.getBean(LocationSettings.class);
    }

    @Override
    protected Reply handle(Inbound message) {
        if (!message.caller().is(Role.DRIVER)) {
            throw InvalidMessage.forbidden("type", "only the match's driver starts the ride");
        }
        Fields payload = message.fields();
        String matchId = payload.id("match_id");
        Reading at = payload.optionalObject("location").map(Coordinates::reading).orElse(null);
        Instant sentAt = payload.has("timestamp")
                ? Coordinates.timestamp(payload, "timestamp", message.receivedAt(), settings.getMaxClockSkew()) : null;
        return Reply.of(EventType.RIDE_STARTED,
                rides.start(message.caller().userId(), matchId, at, sentAt, message.trace()));
    }
}
