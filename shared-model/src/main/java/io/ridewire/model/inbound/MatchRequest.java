package io.ridewire.model.inbound;

import io.ridewire.model.geo.GeoPoint;
import io.ridewire.model.matching.PersonInfo;
import io.ridewire.model.matching.Place;
import io.ridewire.model.matching.Preferences;
import io.ridewire.model.protocol.Coordinates;
import io.ridewire.model.protocol.ErrorCode;
import io.ridewire.model.protocol.Fields;
import io.ridewire.model.protocol.InvalidMessage;

import java.util.Optional;
import java.util.Set;

/**
 * {@code match.request}: pickup and destination (with an optional address), optional preferences (vehicle type,
 * the furthest driver and the longest wait, each greater than 0 and at most the configured limit) and optional
 * passenger info. Addresses, name and phone are at most {@value #MAX_TEXT} characters.
 */
public record MatchRequest(Place pickup, Place destination, Preferences preferences, PersonInfo passenger) {
    static final int MAX_TEXT = 300;

    /** The configured bounds a request is checked against, and the defaults for what it leaves out. */
    public record Limits(Set<String> vehicleTypes, double defaultMaxDistanceKm, double maxDistanceLimitKm,
                         double defaultMaxWaitMinutes, double maxWaitLimitMinutes) {
    }

    public static MatchRequest read(Fields payload, Limits limits) {
        Place pickup = place(payload.object("pickup_location"));
        Place destination = place(payload.object("destination_location"));
        Optional<Fields> preferences = payload.optionalObject("preferences");
        String vehicleType = preferences.flatMap(p -> p.optionalOneOf("vehicle_type", limits.vehicleTypes()))
                .orElse(null);
        double maxDistance = preferences.flatMap(p -> positive(p, "max_distance_km", limits.maxDistanceLimitKm()))
                .orElse(limits.defaultMaxDistanceKm());
        double maxWait = preferences.flatMap(p -> positive(p, "max_wait_minutes", limits.maxWaitLimitMinutes()))
                .orElse(limits.defaultMaxWaitMinutes());
        PersonInfo passenger = payload.optionalObject("passenger_info").map(info -> new PersonInfo(
                text(info, "name"), text(info, "phone"),
                info.optionalNumberIn("rating", 0, 5, ErrorCode.OUT_OF_RANGE).orElse(null))).orElse(PersonInfo.NONE);
        return new MatchRequest(pickup, destination, new Preferences(vehicleType, maxDistance, maxWait), passenger);
    }

    private static Place place(Fields location) {
        GeoPoint point = Coordinates.point(location);
        return new Place(point.latitude(), point.longitude(), text(location, "address"));
    }

    private static String text(Fields fields, String name) {
        return Texts.optional(fields, name, MAX_TEXT).orElse(null);
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
