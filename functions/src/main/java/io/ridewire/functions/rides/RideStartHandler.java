package io.ridewire.functions.rides;

import io.micronaut.context.ApplicationContext;
import io.ridewire.functions.gateway.Inbound;
import io.ridewire.functions.gateway.Reply;
import io.ridewire.functions.gateway.RouteHandler;
import io.ridewire.functions.location.LocationSettings;
import io.ridewire.model.identity.Role;
import io.ridewire.model.protocol.EventType;
import io.ridewire.model.protocol.InvalidMessage;
import io.ridewire.model.inbound.RideStart;
import jakarta.inject.Inject;

/**
 * {@code ride.start} ({@code {"match_id", "location"?, "timestamp"?}}) from the driver of a confirmed match, at the pickup:
 * answered with {@code ride.started}, which the passenger receives too. Without {@code location} the driver's last
 * {@code location.update} or beacon position is used. A repeated start of the ride in progress is answered with the
 * same {@code ride.started}.
 */
public class RideStartHandler extends RouteHandler {
    @Inject
    Rides rides;
    @Inject
    LocationSettings settings;

    public RideStartHandler() {
    }

    public RideStartHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected Reply handle(Inbound message) {
        if (!message.caller().is(Role.DRIVER)) {
            throw InvalidMessage.forbidden("type", "only the match's driver starts the ride");
        }
        RideStart start = RideStart.read(message.fields(), message.receivedAt(), settings.getMaxClockSkew());
        return Reply.of(EventType.RIDE_STARTED,
                rides.start(message.caller().userId(), start.matchId(), start.at(), start.sentAt(), message.trace()));
    }
}
