package io.ridewire.local.rides;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.ridewire.model.identity.Role;
import io.ridewire.local.LocalStack;
import io.ridewire.local.testing.RestClient;
import io.ridewire.local.testing.TestStacks;
import io.ridewire.local.testing.WsClient;
import io.ridewire.functions.payments.Accounts;
import io.ridewire.functions.payments.LedgerEntry;
import io.ridewire.functions.payments.Wallets;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import static io.ridewire.local.testing.WsClient.text;
import static org.assertj.core.api.Assertions.assertThat;

/** Drivers and passengers on real WebSocket connections, from beacon to a started ride, and wallets over REST. */
public final class RideFixtures {
    private final LocalStack stack;
    private final JsonMapper json;
    private final RestClient rest;
    private final Wallets wallets;

    public RideFixtures(LocalStack stack) {
        this.stack = stack;
        this.json = stack.context().getBean(JsonMapper.class);
        this.rest = new RestClient(stack.gateway().restEndpoint(), json);
        this.wallets = stack.context().getBean(Wallets.class);
    }

    public static String id(String prefix) {
        return TestStacks.uniqueId(prefix);
    }

    public WsClient connect(Role role, String userId) {
        WsClient client = WsClient.connectWithHeader(stack.webSocketUri(), stack.tokens().mint(role, userId), json);
        client.await("connection.established");
        return client;
    }

    /** A driver connected and on duty at a point. */
    public WsClient driverOn(String driverId, Point at) {
        WsClient driver = connect(Role.DRIVER, driverId);
        driver.send(beacon(at));
        driver.await("beacon.status");
        return driver;
    }

    /** A driver's beacon.update: on duty, on a motorcycle, at a point. */
    public static String beacon(Point at) {
        return String.format(Locale.ROOT, "{\"type\":\"beacon.update\",\"id\":\"b-1\",\"payload\":{\"is_active\":true,"
                + "\"user_type\":\"driver\",\"location\":{\"latitude\":%s,\"longitude\":%s,\"accuracy\":5},"
                + "\"vehicle_info\":{\"type\":\"motorcycle\",\"license_plate\":\"B1234XYZ\"},"
                + "\"driver_info\":{\"name\":\"John Driver\",\"phone\":\"+628123456789\",\"rating\":4.8}}}",
                at.lat(), at.lon());
    }

    /** match.request → match.proposal (acknowledged) → the driver accepts → match.confirmed; returns the match id. */
    String confirmedMatch(WsClient driver, WsClient passenger, Point pickup, Point destination) {
        passenger.send(request(pickup, destination));
        JsonNode proposal = passenger.await("match.proposal");
        String matchId = text(proposal, "payload.match_id");
        ack(passenger, proposal);
        ack(driver, driver.await("match.proposal"));
        driver.send(answer(matchId, "driver"));
        driver.await("match.confirmed");
        passenger.await("match.confirmed");
        return matchId;
    }

    /** ride.start at a point; returns the ride id from the driver's ride.started. */
    String startRide(WsClient driver, WsClient passenger, String matchId, Point at) {
        driver.send(start(matchId, at));
        String rideId = text(driver.await("ride.started"), "payload.ride_id");
        passenger.await("ride.started");
        return rideId;
    }

    /** A confirmed match and its started ride, from a pickup to a destination; returns the ride id. */
    String rideUnderway(WsClient driver, WsClient passenger, Point pickup, Point destination) {
        return startRide(driver, passenger, confirmedMatch(driver, passenger, pickup, destination), pickup);
    }

    /** A ride of 1 km north of the pickup, driven in two fixes and arrived without adjustment; returns its id. */
    public String completedOneKmRide(WsClient driver, WsClient passenger, Point pickup) {
        String rideId = rideUnderway(driver, passenger, pickup, pickup.north(1));
        Instant t0 = Instant.now();
        for (int k = 1; k <= 2; k++) {
            driver.send(fix(rideId, pickup.north(0.5 * k), 5, t0.plusSeconds(60L * k)));
            awaitFor(driver, "ride.progress", "ride_id", rideId);
        }
        driver.send(arrived(rideId, pickup.north(1), null));
        awaitFor(passenger, "ride.completed", "ride_id", rideId);
        return rideId;
    }

    /** A passenger's match.request for a motorcycle within 5 km, waiting up to 10 minutes. */
    public static String request(Point pickup, Point destination) {
        return String.format(Locale.ROOT, "{\"type\":\"match.request\",\"id\":\"r-1\",\"payload\":{"
                + "\"pickup_location\":{\"latitude\":%s,\"longitude\":%s,\"address\":\"Jl. Sudirman No. 1, Jakarta\"},"
                + "\"destination_location\":{\"latitude\":%s,\"longitude\":%s,\"address\":\"Jl. Thamrin No. 10, Jakarta\"},"
                + "\"passenger_info\":{\"name\":\"Jane Passenger\",\"phone\":\"+628987654321\"},"
                + "\"preferences\":{\"vehicle_type\":\"motorcycle\",\"max_distance_km\":5,\"max_wait_minutes\":10}}}",
                pickup.lat(), pickup.lon(), destination.lat(), destination.lon());
    }

    public static String start(String matchId, Point at) {
        return String.format(Locale.ROOT, "{\"type\":\"ride.start\",\"id\":\"s-1\",\"payload\":{\"match_id\":\"%s\","
                + "\"location\":{\"latitude\":%s,\"longitude\":%s,\"accuracy\":5}}}", matchId, at.lat(), at.lon());
    }

    public static String answer(String matchId, String userType) {
        return "{\"type\":\"match.accept\",\"payload\":{\"match_id\":\"" + matchId + "\",\"user_type\":\"" + userType + "\"}}";
    }

    /** A location.update naming a ride, or none when {@code rideId} is null (before the ride, or a passenger's). */
    public static String fix(String rideId, Point at, double accuracy, Instant time) {
        return String.format(Locale.ROOT, "{\"type\":\"location.update\",\"payload\":{\"location\":{\"latitude\":%s,"
                + "\"longitude\":%s,\"accuracy\":%s,\"speed\":10.0,\"heading\":0.0}%s,"
                + "\"timestamp\":\"%s\"}}", at.lat(), at.lon(), accuracy,
                rideId == null ? "" : ",\"ride_id\":\"" + rideId + "\"", time);
    }

    public static String arrived(String rideId, Point at, String factor) {
        return String.format(Locale.ROOT, "{\"type\":\"ride.arrived\",\"id\":\"arr-1\",\"payload\":{\"ride_id\":\"%s\","
                + "\"arrival_location\":{\"latitude\":%s,\"longitude\":%s}%s,\"adjustment_reason\":\"traffic_was_light\"}}",
                rideId, at.lat(), at.lon(), factor == null ? "" : ",\"adjustment_factor\":" + factor);
    }

    public static String pay(String paymentId, String method) {
        return "{\"type\":\"payment.method_selected\",\"id\":\"pay-1\",\"payload\":{\"payment_id\":\"" + paymentId
                + "\",\"method\":\"" + method + "\",\"wallet_balance\":50000}}";
    }

    public static void ack(WsClient client, JsonNode event) {
        client.send("{\"type\":\"ack\",\"payload\":{\"id\":\"" + text(event, "id") + "\"}}");
    }

    /** The next event of a type about a ride (or payment): its payload's field equals the value. */
    public static JsonNode awaitFor(WsClient client, String type, String field, String value) {
        return client.await(m -> type.equals(text(m, "type")) && Objects.equals(value, text(m, "payload." + field)),
                Duration.ofSeconds(10), type + " with " + field + "=" + value);
    }

    /** Credits a wallet through the REST API, as an admin. */
    RestClient.Response topUp(String userId, long amount) {
        RestClient.Response response = rest.post("/wallets/" + userId + "/top-up",
                stack.tokens().mint(Role.ADMIN, id("admin")), "{\"amount\":" + amount + "}");
        assertThat(response.status()).as(response.raw()).isEqualTo(200);
        return response;
    }

    public RestClient rest() {
        return rest;
    }

    public long balance(String userId) {
        return wallets.balance(Accounts.user(userId));
    }

    public List<LedgerEntry> ledger(String userId) {
        return wallets.entries(Accounts.user(userId));
    }

    public Wallets wallets() {
        return wallets;
    }

    /** Asserts a refusal: error.validation naming field and code. */
    static JsonNode assertRefused(WsClient client, String message, String field, String code) {
        client.send(message);
        JsonNode error = client.await("error.validation");
        assertThat(text(error, "payload.field")).as("field of %s", error).isEqualTo(field);
        assertThat(text(error, "payload.code")).as("code of %s", error).isEqualTo(code);
        return error;
    }
}
