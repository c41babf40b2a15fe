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
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
        item.put("tried", AttributeValue.fromL(m.tried().stream().map(MatchItems::s).toList()));
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
        Preferences preferences = new Preferences(str(item, "pref_vehicle_type"),
                num(item, "pref_max_distance_km"), num(item, "pref_max_wait_minutes"));
        PersonInfo passenger = new PersonInfo(str(item, "passenger_name"), str(item, "passenger_phone"),
                item.containsKey("passenger_rating") ? num(item, "passenger_rating") : null);
        MatchState state = switch (str(item, STATE)) {
            case "searching" -> new Searching();
            case "proposed" -> new Proposed(driver(item), instant(item, "proposal_expires_at"),
                    bool(item, "driver_accepted"), bool(item, "passenger_accepted"));
            case "confirmed" -> new Confirmed(driver(item), instant(item, "confirmed_at"));
            case "cancelled" -> new Cancelled(str(item, "cancelled_by"), str(item, "cancel_reason"),
                    str(item, "cancel_message"), instant(item, "cancelled_at"));
            default -> throw new IllegalStateException("unknown match state " + str(item, STATE));
        };
        List<String> tried = item.get("tried").l().stream().map(AttributeValue::s).toList();
        Match match = new Match(str(item, "match_id"), str(item, "passenger_id"), place(item, "pickup"),
                place(item, "destination"), preferences, passenger, instant(item, "created_at"),
                instant(item, "search_deadline"), tried, (int) num(item, "attempt"), state, (long) num(item, VERSION));
        return new Traced(match, str(item, "trace_id"), str(item, "correlation_id"));
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
                ? GeoPoint.of(num(item, "driver_lat"), num(item, "driver_lon")) : null;
        return new DriverOffer(str(item, "driver_id"), str(item, "driver_name"), str(item, "driver_phone"),
                str(item, "driver_vehicle_type"), str(item, "driver_license_plate"),
                item.containsKey("driver_rating") ? num(item, "driver_rating") : null, location,
                num(item, "driver_distance_km"));
    }

    private static void place(Map<String, AttributeValue> item, String prefix, Place place) {
        item.put(prefix + "_lat", n(place.latitude()));
        item.put(prefix + "_lon", n(place.longitude()));
        putS(item, prefix + "_address", place.address());
    }

    private static Place place(Map<String, AttributeValue> item, String prefix) {
        return new Place(num(item, prefix + "_lat"), num(item, prefix + "_lon"), str(item, prefix + "_address"));
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(double value) {
        return AttributeValue.fromN(value == Math.rint(value) && Math.abs(value) < 1e15
                ? Long.toString((long) value) : Double.toString(value));
    }

    static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    private static void putS(Map<String, AttributeValue> item, String name, String value) {
        if (value != null) {
            item.put(name, s(value));
        }
    }

    private static String str(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    private static double num(Map<String, AttributeValue> item, String name) {
        return Double.parseDouble(item.get(name).n());
    }

    private static Instant instant(Map<String, AttributeValue> item, String name) {
        return Instant.ofEpochMilli(Long.parseLong(item.get(name).n()));
    }

    private static boolean bool(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value != null && Boolean.TRUE.equals(value.bool());
    }
}
