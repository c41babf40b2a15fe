package io.ridewire.e2e.rides;

import io.ridewire.e2e.fixtures.RideFixtures;

import io.ridewire.e2e.fixtures.Spot;
import io.ridewire.e2e.fixtures.SharedStacks;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.ridewire.functions.drivers.PassengerPositions;
import io.ridewire.model.geo.GeoPoint;
import io.ridewire.model.geo.Haversine;
import io.ridewire.model.identity.Role;
import io.ridewire.local.LocalStack;
import io.ridewire.local.testing.WsClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import static io.ridewire.e2e.fixtures.RideFixtures.ack;
import static io.ridewire.e2e.fixtures.RideFixtures.arrived;
import static io.ridewire.e2e.fixtures.RideFixtures.awaitFor;
import static io.ridewire.e2e.fixtures.RideFixtures.fix;
import static io.ridewire.e2e.fixtures.RideFixtures.id;
import static io.ridewire.e2e.fixtures.RideFixtures.pay;
import static io.ridewire.local.testing.WsClient.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The two sequence diagrams of the NebengJek WebSocket specification (spec 000, "Event Flow Examples"), end to end
 * through the gateway emulator, in the diagrams' order and checked against the payload fields the specification
 * lists for each event — what an app written from the specification alone relies on.
 */
class SpecFlowsIT {
    private final LocalStack stack = SharedStacks.rides();
    private final RideFixtures rides = new RideFixtures(stack);
    private final JsonMapper json = stack.context().getBean(JsonMapper.class);

    /**
     * Complete Ride Flow: match.request → match.proposal → the driver's match.accept → match.confirmed to both →
     * ride.started to both → (location.update → location.tracking, ride.progress to both) → ride.arrived →
     * ride.completed to both → payment.request → payment.method_selected → payment.completed to both. The passenger
     * never sends match.accept. Between confirmation and start (the driver coming to the pickup) the passenger
     * sees location.tracking too, and the selection is answered with payment.processing echoing its id.
     */
    @Test
    void completeRideFlow() {
        Spot pickup = Spot.random();
        Spot destination = pickup.north(3.2);
        String driverId = id("driver");
        String passengerId = id("passenger");
        rides.topUp(passengerId, 20_000);
        try (WsClient driver = rides.driverOn(driverId, pickup.north(0.6));
             WsClient passenger = rides.connect(Role.PASSENGER, passengerId)) {
            // P->>WS: match.request
            passenger.send(String.format(Locale.ROOT, "{\"type\":\"match.request\",\"id\":\"r-1\",\"payload\":{"
                    + "\"pickup_location\":{\"latitude\":%s,\"longitude\":%s,\"address\":\"Jl. Sudirman No. 1, Jakarta\"},"
                    + "\"destination_location\":{\"latitude\":%s,\"longitude\":%s,\"address\":\"Jl. Thamrin No. 10, Jakarta\"},"
                    + "\"preferences\":{\"vehicle_type\":\"motorcycle\",\"max_distance_km\":5.0,\"max_wait_minutes\":10}}}",
                    pickup.lat(), pickup.lon(), destination.lat(), destination.lon()));

            // WS->>D: match.proposal
            JsonNode proposal = driver.await("match.proposal");
            assertFields(proposal, "match_id", "driver_id", "passenger_id", "pickup_location", "destination_location",
                    "estimated_distance_km", "estimated_duration_minutes", "estimated_fare", "driver_info", "expires_at");
            assertFields(proposal.get("payload").get("driver_info"), "name", "vehicle_type", "license_plate", "rating");
            assertThat(text(proposal, "payload.driver_id")).isEqualTo(driverId);
            assertThat(text(proposal, "payload.passenger_id")).isEqualTo(passengerId);
            String matchId = text(proposal, "payload.match_id");
            ack(driver, proposal);

            // D->>WS: match.accept — and nothing more: WS->>P, WS->>D: match.confirmed
            driver.send("{\"type\":\"match.accept\",\"id\":\"acc-1\",\"payload\":{\"match_id\":\"" + matchId
                    + "\",\"user_type\":\"driver\"}}");
            for (WsClient party : List.of(passenger, driver)) {
                JsonNode confirmed = RideFixtures.awaitFor(party, "match.confirmed", "match_id", matchId);
                assertFields(confirmed, "match_id", "driver_id", "passenger_id", "pickup_location", "driver_info",
                        "passenger_info", "estimated_pickup_time_minutes", "confirmed_at");
                assertFields(confirmed.get("payload").get("driver_info"), "name", "phone", "vehicle_type",
                        "license_plate", "current_location");
                assertThat(text(confirmed, "payload.driver_id")).isEqualTo(driverId);
            }
            passenger.assertNone("error.validation", Duration.ZERO);

            // the driver comes to the pickup: the passenger watches the distance and the minutes left shrink
            Instant t0 = Instant.now();
            double lastKm = Double.MAX_VALUE;
            for (double km : new double[] {0.4, 0.2, 0.03}) {
                driver.send(fix(null, pickup.north(km), 5, t0.plusSeconds(Math.round((0.6 - km) * 100))));
                JsonNode tracking = awaitFor(passenger, "location.tracking", "match_id", matchId);
                assertFields(tracking, "user_id", "user_type", "location", "distance_from_pickup_km",
                        "estimated_arrival_minutes", "timestamp");
                assertThat(tracking.get("payload").get("ride_id")).as("no ride yet").isNull();
                assertThat(text(tracking, "payload.user_id")).isEqualTo(driverId);
                assertThat(text(tracking, "payload.user_type")).isEqualTo("driver");
                double distance = tracking.get("payload").get("distance_from_pickup_km").getDoubleValue();
                assertThat(distance).isCloseTo(km, within(0.011)).isLessThan(lastKm);
                lastKm = distance;
                assertThat(tracking.get("payload").get("estimated_arrival_minutes").getIntValue())
                        .as("minutes to the pickup at 20 km/h").isEqualTo((int) Math.ceil(km / 20 * 60));
            }

            // WS->>P, WS->>D: ride.started (the driver's ride.start at the pickup, a Ridewire addition)
            driver.send(RideFixtures.start(matchId, pickup));
            String rideId = null;
            for (WsClient party : List.of(driver, passenger)) {
                JsonNode started = party.await("ride.started");
                assertFields(started, "ride_id", "match_id", "driver_id", "passenger_id", "start_location",
                        "destination_location", "base_rate_per_km", "started_at");
                rideId = text(started, "payload.ride_id");
            }

            // loop During Ride: D->>WS location.update; WS->>P location.tracking; WS->>P, WS->>D ride.progress
            Instant t1 = t0.plusSeconds(120);
            for (int k = 1; k <= 3; k++) {
                Spot here = pickup.north(0.8 * k);
                driver.send(fix(rideId, here, 5, t1.plusSeconds(60L * k)));
                JsonNode tracking = awaitFor(passenger, "location.tracking", "ride_id", rideId);
                assertFields(tracking, "ride_id", "user_id", "user_type", "location", "distance_from_pickup_km",
                        "estimated_arrival_minutes", "timestamp");
                assertThat(tracking.get("payload").get("distance_from_pickup_km").getDoubleValue())
                        .as("still the distance from the pickup").isCloseTo(0.8 * k, within(0.011));
                assertThat(tracking.get("payload").get("estimated_arrival_minutes").getIntValue())
                        .as("during the ride: minutes to the destination").isEqualTo((int) Math.ceil((3.2 - 0.8 * k) / 20 * 60));
                for (WsClient party : List.of(passenger, driver)) {
                    JsonNode progress = awaitFor(party, "ride.progress", "ride_id", rideId);
                    assertFields(progress, "ride_id", "current_location", "distance_traveled_km", "duration_minutes",
                            "current_fare", "estimated_remaining_time_minutes", "estimated_remaining_distance_km",
                            "timestamp");
                }
            }
            // a detour east: the distance from the pickup is the straight line back to it, not the road driven
            Spot detour = pickup.north(2.4).east(1.0);
            driver.send(fix(rideId, detour, 5, t1.plusSeconds(60L * 3 + 120)));
            JsonNode turned = awaitFor(passenger, "location.tracking", "ride_id", rideId);
            assertThat(turned.get("payload").get("distance_from_pickup_km").getDoubleValue())
                    .as("from the pickup as the crow flies (driven: at least 2.4 km)")
                    .isCloseTo(Haversine.distanceKm(pickup.lat(), pickup.lon(), detour.lat(), detour.lon()), within(0.011))
                    .isNotCloseTo(2.4, within(0.1)).isNotCloseTo(3.4, within(0.1));

            // D->>WS: ride.arrived; WS->>P, WS->>D: ride.completed
            driver.send(arrived(rideId, destination, "0.9"));
            for (WsClient party : List.of(passenger, driver)) {
                JsonNode completed = awaitFor(party, "ride.completed", "ride_id", rideId);
                assertFields(completed, "ride_id", "driver_id", "passenger_id", "start_location", "end_location",
                        "total_distance_km", "total_duration_minutes", "billing", "completed_at");
                assertFields(completed.get("payload").get("billing"), "base_fare", "adjustment_factor", "adjusted_fare",
                        "admin_fee_percent", "admin_fee", "final_fare");
            }

            // WS->>P: payment.request; P->>WS: payment.method_selected; WS->>P, WS->>D: payment.completed
            JsonNode request = awaitFor(passenger, "payment.request", "ride_id", rideId);
            assertFields(request, "ride_id", "payment_id", "amount", "currency", "payment_methods", "expires_at");
            ack(passenger, request);
            String paymentId = text(request, "payload.payment_id");
            passenger.send(pay(paymentId, "wallet"));
            JsonNode processing = awaitFor(passenger, "payment.processing", "payment_id", paymentId);
            assertThat(text(processing, "id")).as("the direct answer echoes the selection's id").isEqualTo("pay-1");
            assertFields(processing, "payment_id", "ride_id", "amount", "method", "status", "transaction_id");
            for (WsClient party : List.of(passenger, driver)) {
                JsonNode paid = awaitFor(party, "payment.completed", "payment_id", paymentId);
                assertFields(paid, "payment_id", "ride_id", "amount", "method", "transaction_id", "driver_earnings",
                        "admin_fee", "completed_at");
            }
            assertThat(rides.balance(passengerId)).isEqualTo(20_000 - text(request, "payload.amount").transform(Long::parseLong));
            passenger.assertNone("error.validation", Duration.ZERO);
            driver.assertNone("error.validation", Duration.ZERO);
        }
    }

    /**
     * Driver Beacon Flow: the driver's beacon.update (active) → beacon.status; a passenger connects →
     * beacon.nearby_drivers (right after connection.established, their last position being fresh); the driver's
     * beacon.update (inactive) → beacon.status.
     */
    @Test
    void driverBeaconFlow() {
        Spot here = Spot.random();
        String driverId = id("driver");
        String passengerId = id("passenger");
        // the passenger was seen a moment ago (an earlier session's beacon): their last known position is fresh
        try (WsClient earlier = rides.connect(Role.PASSENGER, passengerId)) {
            earlier.send(beacon(true, "passenger", here, null));
            earlier.await("beacon.nearby_drivers");
        }
        try (WsClient driver = rides.connect(Role.DRIVER, driverId)) {
            // D->>WS: beacon.update (active=true); WS->>D: beacon.status
            driver.send(beacon(true, "driver", here.north(0.5), "{\"type\":\"motorcycle\",\"license_plate\":\"B1234XYZ\"}"));
            JsonNode status = driver.await("beacon.status");
            assertFields(status, "user_id", "is_active", "user_type", "location", "updated_at");
            assertFields(status.get("payload").get("location"), "latitude", "longitude", "geohash");
            assertThat(text(status, "payload.is_active")).isEqualTo("true");

            // P->>WS: Connect; WS->>P: beacon.nearby_drivers, right after connection.established
            try (WsClient passenger = WsClient.connectWithHeader(stack.webSocketUri(),
                    stack.tokens().mint(Role.PASSENGER, passengerId), json)) {
                JsonNode first = passenger.await(m -> true, Duration.ofSeconds(10), "the first frame");
                assertThat(text(first, "type")).isEqualTo("connection.established");
                JsonNode nearby = passenger.await(m -> true, Duration.ofSeconds(10), "the second frame");
                assertThat(text(nearby, "type")).isEqualTo("beacon.nearby_drivers");
                assertFields(nearby, "passenger_id", "drivers", "search_radius_km", "timestamp");
                assertThat(text(nearby, "payload.passenger_id")).isEqualTo(passengerId);
                JsonNode listed = null;
                for (JsonNode d : nearby.get("payload").get("drivers").values()) {
                    if (driverId.equals(d.get("driver_id").getStringValue())) {
                        listed = d;
                    }
                }
                assertThat(listed).as("the driver who just switched on is listed").isNotNull();
                assertFields(listed, "driver_id", "distance_km", "estimated_arrival_minutes", "vehicle_type", "rating");
                assertThat(listed.get("distance_km").getDoubleValue()).isCloseTo(0.5, within(0.011));
                assertThat(listed.get("vehicle_type").getStringValue()).isEqualTo("motorcycle");
            }

            // D->>WS: beacon.update (active=false); WS->>D: beacon.status
            driver.send("{\"type\":\"beacon.update\",\"payload\":{\"is_active\":false,\"user_type\":\"driver\"}}");
            JsonNode off = driver.await("beacon.status");
            assertThat(text(off, "payload.is_active")).isEqualTo("false");
            try (WsClient passenger = rides.connect(Role.PASSENGER, passengerId)) {
                JsonNode nearby = passenger.await("beacon.nearby_drivers");
                assertThat(nearby.get("payload").get("drivers").values()).extracting(d -> d.get("driver_id").getStringValue())
                        .as("a driver who switched off is not offered").doesNotContain(driverId);
            }
        }
    }

    @Test
    void nearbyDriversOnConnect_needAFreshPosition_ofAPassengerWhoseBeaconIsNotOff() {
        Spot here = Spot.random();
        PassengerPositions positions = stack.context().getBean(PassengerPositions.class);
        try (WsClient driver = rides.driverOn(id("driver"), here.north(0.3))) {
            String unknown = id("never-seen");
            String stale = id("stale");
            positions.record(stale, GeoPoint.of(here.lat(), here.lon()), true, Instant.now().minus(Duration.ofMinutes(11)));
            String off = id("off");
            positions.record(off, GeoPoint.of(here.lat(), here.lon()), false, Instant.now());
            String moving = id("moving");
            try (WsClient earlier = rides.connect(Role.PASSENGER, moving)) {
                earlier.send(fix(null, here, 10, Instant.now()));
                earlier.send("{\"type\":\"ping\",\"id\":\"after\"}");
                earlier.await("pong");
            }
            for (String passengerId : List.of(unknown, stale, off)) {
                try (WsClient passenger = rides.connect(Role.PASSENGER, passengerId)) {
                    passenger.assertNone("beacon.nearby_drivers", Duration.ofMillis(400));
                }
            }
            try (WsClient passenger = rides.connect(Role.PASSENGER, moving)) {
                assertThat(passenger.await("beacon.nearby_drivers").get("payload").get("drivers").values())
                        .as("a location.update is a known position too").isNotEmpty();
            }
        }
    }

    private static String beacon(boolean active, String userType, Spot at, String vehicle) {
        return String.format(Locale.ROOT, "{\"type\":\"beacon.update\",\"payload\":{\"is_active\":%s,\"user_type\":\"%s\","
                + "\"location\":{\"latitude\":%s,\"longitude\":%s,\"accuracy\":10.5}%s}}", active, userType, at.lat(),
                at.lon(), vehicle == null ? "" : ",\"vehicle_info\":" + vehicle
                        + ",\"driver_info\":{\"name\":\"John Driver\",\"phone\":\"+628123456789\",\"rating\":4.8}");
    }

    /** The event (or object) has every one of the specification's fields, none null. */
    private static void assertFields(JsonNode node, String... fields) {
        JsonNode object = (node.get("payload") != null) && (node.get("type") != null) ? node.get("payload") : node;
        for (String field : fields) {
            assertThat(object.get(field) != null && !object.get(field).isNull())
                    .as("%s has %s: %s", (node.get("type") != null) ? text(node, "type") : "object", field, object).isTrue();
        }
    }
}
