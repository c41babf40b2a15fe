package io.ridewire.functions.matching;

import io.ridewire.model.matching.DriverOffer;
import io.ridewire.model.matching.Match;
import io.ridewire.model.matching.MatchState;
import io.ridewire.model.matching.PersonInfo;
import io.ridewire.model.matching.Place;
import io.ridewire.model.matching.Preferences;

import io.ridewire.model.geo.GeoPoint;
import io.ridewire.model.matching.MatchState.Cancelled;
import io.ridewire.model.matching.MatchState.Confirmed;
import io.ridewire.model.matching.MatchState.Proposed;
import io.ridewire.model.matching.MatchState.Searching;
import io.ridewire.functions.aws.Dynamo;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.ridewire.functions.aws.Dynamo.bool;
import static io.ridewire.functions.aws.Dynamo.doubleNumber;
import static io.ridewire.functions.aws.Dynamo.instant;
import static io.ridewire.functions.aws.Dynamo.n;
import static io.ridewire.functions.aws.Dynamo.putS;
import static io.ridewire.functions.aws.Dynamo.s;
import static io.ridewire.functions.aws.Dynamo.string;

/** A {@link Match} as an item of the matches table, and back: flat attributes, times in epoch milliseconds. */
final class MatchItems {
    static final String PK = "pk";
    static final String VERSION = "version";
    static final String STATE = "state";

    private MatchItems() {
    }

    static String matchKey(String matchId) {
        return "match#" + matchId;
    }

    static String driverKey(String driverId) {
        return "driver#" + driverId;
    }

    static String passengerKey(String passengerId) {
        return "passenger#" + passengerId;
    }

    /** The trace a match's later events continue. */
    record Traced(Match match, String traceId, String correlationId) {
    }

    static Map<String, AttributeValue> toItem(Match m, String traceId, String correlationId, long expiresAtEpochSecond) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PK, s(matchKey(m.matchId())));
        item.put("match_id", s(m.matchId()));
        item.put("passenger_id", s(m.passengerId()));
        place(item, "pickup", m.pickup());
        place(item, "destination", m.destination());
        putS(item, "pref_vehicle_type", m.preferences().vehicleType());
        item.put("pref_max_distance_km", n(m.preferences().maxDistanceKm()));
        item.put("pref_max_wait_minutes", n(m.preferences().maxWaitMinutes()));
        putS(item, "passenger_name", m.passengerInfo().name());
        putS(item, "passenger_phone", m.passengerInfo().phone());
        if (m.passengerInfo().rating() != null) {
            item.put("passenger_rating", n(m.passengerInfo().rating()));
        }
        item.put("created_at", n(m.createdAt().toEpochMilli()));
        item.put("search_deadline", n(m.searchDeadline().toEpochMilli()));
        item.put("tried", AttributeValue.fromL(m.tried().stream().map(Dynamo::s).toList()));
        item.put("attempt", n(m.attempt()));
        item.put(VERSION, n(m.version()));
        item.put(STATE, s(m.state().name()));
        switch (m.state()) {
            case Searching s -> {
            }
            case Proposed p -> {
                driver(item, p.driver());
                item.put("proposal_expires_at", n(p.expiresAt().toEpochMilli()));
                item.put("driver_accepted", AttributeValue.fromBool(p.driverAccepted()));
                item.put("passenger_accepted", AttributeValue.fromBool(p.passengerAccepted()));
            }
            case Confirmed c -> {
                driver(item, c.driver());
                item.put("confirmed_at", n(c.confirmedAt().toEpochMilli()));
            }
            case Cancelled c -> {
                item.put("cancelled_by", s(c.cancelledBy()));
                item.put("cancel_reason", s(c.reason()));
                putS(item, "cancel_message", c.message());
                item.put("cancelled_at", n(c.cancelledAt().toEpochMilli()));
            }
        }
        putS(item, "trace_id", traceId);
        putS(item, "correlation_id", correlationId);
        item.put("expires_at", n(expiresAtEpochSecond));
        return item;
    }

    static Traced fromItem(Map<String, AttributeValue> item) {
        Preferences preferences = new Preferences(string(item, "pref_vehicle_type"),
                doubleNumber(item, "pref_max_distance_km"), doubleNumber(item, "pref_max_wait_minutes"));
        PersonInfo passenger = new PersonInfo(string(item, "passenger_name"), string(item, "passenger_phone"),
                item.containsKey("passenger_rating") ? doubleNumber(item, "passenger_rating") : null);
        MatchState state = switch (string(item, STATE)) {
            case "searching" -> new Searching();
            case "proposed" -> new Proposed(driver(item), instant(item, "proposal_expires_at"),
                    bool(item, "driver_accepted"), bool(item, "passenger_accepted"));
            case "confirmed" -> new Confirmed(driver(item), instant(item, "confirmed_at"));
            case "cancelled" -> new Cancelled(string(item, "cancelled_by"), string(item, "cancel_reason"),
                    string(item, "cancel_message"), instant(item, "cancelled_at"));
            default -> throw new IllegalStateException("unknown match state " + string(item, STATE));
        };
        List<String> tried = item.get("tried").l().stream().map(AttributeValue::s).toList();
        Match match = new Match(string(item, "match_id"), string(item, "passenger_id"), place(item, "pickup"),
                place(item, "destination"), preferences, passenger, instant(item, "created_at"),
                instant(item, "search_deadline"), tried, (int) doubleNumber(item, "attempt"), state, (long) doubleNumber(item, VERSION));
        return new Traced(match, string(item, "trace_id"), string(item, "correlation_id"));
    }

    private static void driver(Map<String, AttributeValue> item, DriverOffer d) {
        item.put("driver_id", s(d.driverId()));
        putS(item, "driver_name", d.name());
        putS(item, "driver_phone", d.phone());
        putS(item, "driver_vehicle_type", d.vehicleType());
        putS(item, "driver_license_plate", d.licensePlate());
        if (d.rating() != null) {
            item.put("driver_rating", n(d.rating()));
        }
        if (d.location() != null) {
            item.put("driver_lat", n(d.location().latitude()));
            item.put("driver_lon", n(d.location().longitude()));
        }
        item.put("driver_distance_km", n(d.distanceKm()));
    }

    private static DriverOffer driver(Map<String, AttributeValue> item) {
        GeoPoint location = item.containsKey("driver_lat")
                ? GeoPoint.of(doubleNumber(item, "driver_lat"), doubleNumber(item, "driver_lon")) : null;
        return new DriverOffer(string(item, "driver_id"), string(item, "driver_name"), string(item, "driver_phone"),
                string(item, "driver_vehicle_type"), string(item, "driver_license_plate"),
                item.containsKey("driver_rating") ? doubleNumber(item, "driver_rating") : null, location,
                doubleNumber(item, "driver_distance_km"));
    }

    private static void place(Map<String, AttributeValue> item, String prefix, Place place) {
        item.put(prefix + "_lat", n(place.latitude()));
        item.put(prefix + "_lon", n(place.longitude()));
        putS(item, prefix + "_address", place.address());
    }

    private static Place place(Map<String, AttributeValue> item, String prefix) {
        return new Place(doubleNumber(item, prefix + "_lat"), doubleNumber(item, prefix + "_lon"), string(item, prefix + "_address"));
    }
}
