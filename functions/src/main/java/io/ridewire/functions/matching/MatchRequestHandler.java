package io.ridewire.functions.matching;

import io.ridewire.model.matching.MatchState;

import io.ridewire.model.matching.Match;
import io.ridewire.model.matching.PersonInfo;
import io.ridewire.model.matching.Place;
import io.ridewire.model.matching.Preferences;

import io.micronaut.context.ApplicationContext;
import io.ridewire.functions.drivers.DriverSettings;
import io.ridewire.functions.gateway.Inbound;
import io.ridewire.functions.gateway.Reply;
import io.ridewire.functions.gateway.RouteHandler;
import io.ridewire.model.identity.Role;
import io.ridewire.functions.location.Coordinates;
import io.ridewire.model.protocol.ErrorCode;
import io.ridewire.model.protocol.EventType;
import io.ridewire.model.protocol.Fields;
import io.ridewire.model.protocol.InvalidMessage;

import java.util.Optional;
import java.util.Set;

/**
 * {@code match.request} (passengers only): the nearest eligible driver is proposed, and both receive
 * {@code match.proposal} as a durable, critical event; when nobody is near, the reply is {@code match.cancelled}
 * with {@code driver_unavailable}.
 */
public class MatchRequestHandler extends RouteHandler {
    private static final int MAX_TEXT = 300;

    private final Matchmaker matchmaker;
    private final MatchNotices notices;
    private final MatchingSettings settings;
    private final DriverSettings drivers;

    public MatchRequestHandler() {
        this.matchmaker = applicationContext.getBean(Matchmaker.class);
        this.notices = applicationContext.getBean(MatchNotices.class);
        this.settings = applicationContext.getBean(MatchingSettings.class);
        this.drivers = applicationContext.getBean(DriverSettings.class);
    }

    public MatchRequestHandler(ApplicationContext context) {
        super(context);
        this.matchmaker = context.getBean(Matchmaker.class);
        this.notices = context.getBean(MatchNotices.class);
        this.settings = context.getBean(MatchingSettings.class);
        this.drivers = context.getBean(DriverSettings.class);
    }

    @Override
    protected Reply handle(Inbound message) {
        if (!message.caller().is(Role.PASSENGER)) {
            throw InvalidMessage.forbidden("type", "only passengers request rides");
        }
        Fields payload = message.fields();
        Place pickup = place(payload.object("pickup_location"));
        Place destination = place(payload.object("destination_location"));
        Optional<Fields> preferences = payload.optionalObject("preferences");
        String vehicleType = preferences.flatMap(p -> p.optionalOneOf("vehicle_type", Set.copyOf(drivers.getVehicleTypes())))
                .orElse(null);
        double maxDistance = preferences.flatMap(p -> positive(p, "max_distance_km", settings.getMaxDistanceLimitKm()))
                .orElse(settings.getDefaultMaxDistanceKm());
        double maxWait = preferences.flatMap(p -> positive(p, "max_wait_minutes", settings.getMaxWaitLimitMinutes()))
                .orElse(settings.getDefaultMaxWaitMinutes());
        PersonInfo passengerInfo = payload.optionalObject("passenger_info").map(info -> new PersonInfo(
                text(info, "name"), text(info, "phone"),
                info.optionalNumberIn("rating", 0, 5, ErrorCode.OUT_OF_RANGE).orElse(null))).orElse(PersonInfo.NONE);
        Match match = matchmaker.request(message.caller().userId(), new Matchmaker.Request(pickup, destination,
                new Preferences(vehicleType, maxDistance, maxWait), passengerInfo), message.trace());
        return switch (match.state()) {
            // the proposal reaches the passenger, like the driver, as a durable event (seq, ack_required)
            case MatchState.Proposed proposed -> Reply.none();
            case MatchState.Cancelled cancelled -> Reply.of(EventType.MATCH_CANCELLED, notices.cancellation(match));
            case MatchState.Searching searching -> throw new IllegalStateException("request left searching");
            case MatchState.Confirmed confirmed -> throw new IllegalStateException("request confirmed at once");
        };
    }

    private static Place place(Fields location) {
        var point = Coordinates.point(location);
        return new Place(point.latitude(), point.longitude(), text(location, "address"));
    }

    private static String text(Fields fields, String name) {
        Optional<String> value = fields.optionalString(name);
        if (value.isPresent() && value.get().length() > MAX_TEXT) {
            throw new InvalidMessage(fields.pathOf(name), ErrorCode.INVALID_VALUE,
                    fields.pathOf(name) + " must be at most " + MAX_TEXT + " characters");
        }
        return value.orElse(null);
    }

    /** A number greater than zero and at most {@code max}. */
    private static Optional<Double> positive(Fields fields, String name, double max) {
        Optional<Double> value = fields.optionalNumber(name);
        if (value.isPresent() && (value.get() <= 0 || value.get() > max)) {
            throw new InvalidMessage(fields.pathOf(name), ErrorCode.OUT_OF_RANGE,
                    fields.pathOf(name) + " must be greater than 0 and at most " + max);
        }
        return value;
    }
}
