package io.ridewire.functions.matching;

import io.micronaut.context.ApplicationContext;
import io.ridewire.functions.drivers.DriverSettings;
import io.ridewire.functions.gateway.Inbound;
import io.ridewire.functions.gateway.Reply;
import io.ridewire.functions.gateway.RouteHandler;
import io.ridewire.model.identity.Role;
import io.ridewire.model.matching.Match;
import io.ridewire.model.matching.MatchState;
import io.ridewire.model.protocol.EventType;
import io.ridewire.model.protocol.InvalidMessage;
import io.ridewire.model.inbound.MatchRequest;
import jakarta.inject.Inject;

import java.util.Set;

/**
 * {@code match.request} (passengers only): the nearest eligible driver is proposed, and both receive
 * {@code match.proposal} as a durable, critical event; when nobody is near, the reply is {@code match.cancelled}
 * with {@code driver_unavailable}.
 */
public class MatchRequestHandler extends RouteHandler {
    @Inject
    Matchmaker matchmaker;
    @Inject
    MatchNotices notices;
    @Inject
    MatchingSettings settings;
    @Inject
    DriverSettings drivers;

    public MatchRequestHandler() {
    }

    public MatchRequestHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected Reply handle(Inbound message) {
        if (!message.caller().is(Role.PASSENGER)) {
            throw InvalidMessage.forbidden("type", "only passengers request rides");
        }
        MatchRequest request = MatchRequest.read(message.fields(), new MatchRequest.Limits(
                Set.copyOf(drivers.getVehicleTypes()), settings.getDefaultMaxDistanceKm(),
                settings.getMaxDistanceLimitKm(), settings.getDefaultMaxWaitMinutes(), settings.getMaxWaitLimitMinutes()));
        Match match = matchmaker.request(message.caller().userId(), message.connectionId(), new Matchmaker.Request(
                request.pickup(), request.destination(), request.preferences(), request.passenger()), message.trace());
        return switch (match.state()) {
            // the proposal reaches the passenger, like the driver, as a durable event (seq, ack_required)
            case MatchState.Proposed proposed -> Reply.none();
            case MatchState.Cancelled cancelled -> Reply.of(EventType.MATCH_CANCELLED, notices.cancellation(match));
            case MatchState.Searching searching -> throw new IllegalStateException("request left searching");
            case MatchState.Confirmed confirmed -> throw new IllegalStateException("request confirmed at once");
        };
    }
}
