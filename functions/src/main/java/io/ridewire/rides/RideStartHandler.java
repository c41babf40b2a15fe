package io.ridewire.rides;

import io.micronaut.context.ApplicationContext;
import io.ridewire.gateway.Inbound;
import io.ridewire.gateway.Reply;
import io.ridewire.gateway.RouteHandler;
import io.ridewire.identity.Role;
import io.ridewire.location.Coordinates;
import io.ridewire.location.LocationSettings;
import io.ridewire.location.Reading;
import io.ridewire.protocol.EventType;
import io.ridewire.protocol.Fields;
import io.ridewire.protocol.InvalidMessage;

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
