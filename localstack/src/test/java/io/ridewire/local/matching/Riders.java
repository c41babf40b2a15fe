package io.ridewire.local.matching;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.ridewire.model.identity.Role;
import io.ridewire.local.LocalStack;
import io.ridewire.local.testing.TestStacks;
import io.ridewire.local.testing.WsClient;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

import static io.ridewire.local.testing.WsClient.text;

/** Drivers and passengers on real WebSocket connections, and the frames they send. */
final class Riders {
    private final LocalStack stack;
    private final JsonMapper json;

    Riders(LocalStack stack) {
        this.stack = stack;
        this.json = stack.context().getBean(JsonMapper.class);
    }

    /** A connected, welcomed client. */
    WsClient connect(Role role, String userId) {
        WsClient client = WsClient.connectWithHeader(stack.webSocketUri(), stack.tokens().mint(role, userId), json);
        client.await("connection.established");
        return client;
    }

    /** A driver connected and on, at a spot, having received their beacon.status. */
    WsClient driverOn(String driverId, Spot at, String vehicleType) {
        WsClient driver = connect(Role.DRIVER, driverId);
        driver.send(beacon(true, "driver", at, vehicleType, "B" + Math.abs(driverId.hashCode() % 10000) + "XYZ"));
        driver.await("beacon.status");
        return driver;
    }

    static String beacon(boolean active, String userType, Spot at, String vehicleType, String plate) {
        return beacon(active, userType, at.lat(), at.lon(), vehicleType, plate);
    }

    static String beacon(boolean active, String userType, double lat, double lon, String vehicleType, String plate) {
        String vehicle = vehicleType == null ? ""
                : String.format(Locale.ROOT, ",\"vehicle_info\":{\"type\":\"%s\",\"license_plate\":\"%s\"}", vehicleType, plate);
        return String.format(Locale.ROOT, "{\"type\":\"beacon.update\",\"id\":\"b-1\",\"payload\":{\"is_active\":%s,"
                + "\"user_type\":\"%s\",\"location\":{\"latitude\":%s,\"longitude\":%s,\"accuracy\":10.5}%s,"
                + "\"driver_info\":{\"name\":\"Driver\",\"phone\":\"+628123456789\",\"rating\":4.8}}}",
                active, userType, lat, lon, vehicle);
    }

    /** A request from {@code pickup} to a destination about 2 km south-west, with the given preferences JSON. */
    static String request(Spot pickup, String preferences) {
        return request(pickup, new Spot(pickup.lat() - 0.0112, pickup.lon() - 0.0156), preferences);
    }

    static String request(Spot pickup, Spot destination, String preferences) {
        return String.format(Locale.ROOT, "{\"type\":\"match.request\",\"id\":\"r-1\",\"payload\":{"
                + "\"pickup_location\":{\"latitude\":%s,\"longitude\":%s,\"address\":\"Jl. Sudirman No. 1, Jakarta\"},"
                + "\"destination_location\":{\"latitude\":%s,\"longitude\":%s,\"address\":\"Jl. Thamrin No. 10, Jakarta\"},"
                + "\"passenger_info\":{\"name\":\"Jane Passenger\",\"phone\":\"+628987654321\"}%s}}",
                pickup.lat(), pickup.lon(), destination.lat(), destination.lon(),
                preferences == null ? "" : ",\"preferences\":" + preferences);
    }

    static final String MOTORCYCLE_PREFERENCES = "{\"vehicle_type\":\"motorcycle\",\"max_distance_km\":5,\"max_wait_minutes\":10}";

    static String answer(String type, String matchId, String userType) {
        return String.format(Locale.ROOT, "{\"type\":\"%s\",\"id\":\"a-1\",\"payload\":{\"match_id\":\"%s\",\"user_type\":\"%s\"}}",
                type, matchId, userType);
    }

    static String location(Spot at, Instant time) {
        return location(at.lat(), at.lon(), time);
    }

    static String location(double lat, double lon, Instant at) {
        return String.format(Locale.ROOT, "{\"type\":\"location.update\",\"id\":\"l-1\",\"payload\":{\"location\":{"
                + "\"latitude\":%s,\"longitude\":%s,\"accuracy\":5,\"speed\":25.0,\"heading\":180.0},"
                + "\"timestamp\":\"%s\"}}", lat, lon, at);
    }

    /** The next message of a type whose {@code payload.match_id} is the given match. */
    static JsonNode awaitFor(WsClient client, String type, String matchId, Duration timeout) {
        return client.await(m -> type.equals(text(m, "type")) && Objects.equals(matchId, text(m, "payload.match_id")),
                timeout, type + " for " + matchId);
    }

    /** The next proposal naming this driver (an earlier, unacknowledged proposal may be re-sent meanwhile). */
    static JsonNode awaitProposalOf(WsClient client, String driverId) {
        return client.await(m -> "match.proposal".equals(text(m, "type"))
                && Objects.equals(driverId, text(m, "payload.driver_id")), Duration.ofSeconds(10),
                "match.proposal for " + driverId);
    }

    static java.util.List<JsonNode> list(JsonNode array) {
        java.util.List<JsonNode> items = new java.util.ArrayList<>();
        array.values().forEach(items::add);
        return items;
    }

    static String id(String prefix) {
        return TestStacks.uniqueId(prefix);
    }
}
