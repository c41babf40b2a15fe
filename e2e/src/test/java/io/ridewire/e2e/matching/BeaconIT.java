package io.ridewire.e2e.matching;

import io.ridewire.e2e.fixtures.Riders;

import io.ridewire.e2e.fixtures.Nats;
import io.ridewire.e2e.fixtures.Spot;

import io.micronaut.json.tree.JsonNode;
import io.ridewire.functions.drivers.DriverIndex;
import io.ridewire.model.identity.Role;
import io.ridewire.local.LocalStack;
import io.ridewire.local.testing.TestStacks;
import io.ridewire.local.testing.WsClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.ridewire.e2e.fixtures.Riders.beacon;
import static io.ridewire.local.testing.WsClient.text;
import static org.assertj.core.api.Assertions.assertThat;

/** beacon.update → beacon.status, the driver pool, beacon.nearby_drivers and location.driver.available. */
class BeaconIT {
    private final LocalStack stack = TestStacks.shared();
    private final Riders riders = new Riders(stack);
    private final DriverIndex pool = stack.context().getBean(DriverIndex.class);

    @Test
    void driverBeaconOn_answersStatusWithTheSixCharacterGeohash_andJoinsThePool() {
        String driverId = Riders.id("driver");
        // the spec's point, for its geohash: no other test uses it for drivers that stay on
        try (WsClient driver = riders.connect(Role.DRIVER, driverId);
             Nats available = new Nats(stack, "location.driver.available")) {
            driver.send(beacon(true, "driver", Spot.SPEC_PICKUP, "motorcycle", "B1234XYZ"));
            JsonNode status = driver.await("beacon.status");
            assertThat(text(status, "id")).isEqualTo("b-1");
            assertThat(text(status, "payload.user_id")).isEqualTo(driverId);
            assertThat(text(status, "payload.is_active")).isEqualTo("true");
            assertThat(text(status, "payload.user_type")).isEqualTo("driver");
            assertThat(text(status, "payload.location.geohash")).isEqualTo("qqguxm");
            assertThat(text(status, "payload.location.latitude")).isEqualTo("-6.2088");
            assertThat(text(status, "payload.updated_at")).isNotBlank();
            assertThat(pool.isIndexed(driverId)).isTrue();
            assertThat(pool.record(driverId)).containsEntry("type", "motorcycle").containsEntry("plate", "B1234XYZ")
                    .containsEntry("rating", "4.8");

            JsonNode event = available.await(Nats.field("driver_id", driverId), Duration.ofSeconds(5));
            assertThat(text(event, "event_type")).isEqualTo("location.driver.available");
            assertThat(text(event, "version")).isEqualTo("1.0");
            assertThat(text(event, "correlation_id")).isEqualTo("b-1");
            assertThat(text(event, "trace_id")).isNotBlank();
            assertThat(text(event, "data.is_available")).isEqualTo("true");
            assertThat(text(event, "data.location.geohash")).isEqualTo("qqguxm");
            assertThat(text(event, "data.vehicle_info.type")).isEqualTo("motorcycle");
            assertThat(text(event, "data.vehicle_info.license_plate")).isEqualTo("B1234XYZ");
            // off again, so this driver at the spec's pickup is never proposed to another test
            driver.send("{\"type\":\"beacon.update\",\"payload\":{\"is_active\":false,\"user_type\":\"driver\"}}");
            driver.await("beacon.status");
        }
    }

    @Test
    void driverBeaconOff_leavesThePool_andIsAnnouncedUnavailable() {
        String driverId = Riders.id("driver");
        Spot spot = Spot.random();
        try (WsClient driver = riders.driverOn(driverId, spot, "car");
             Nats available = new Nats(stack, "location.driver.available")) {
            assertThat(pool.isIndexed(driverId)).isTrue();
            driver.send("{\"type\":\"beacon.update\",\"payload\":{\"is_active\":false,\"user_type\":\"driver\"}}");
            JsonNode status = driver.await("beacon.status");
            assertThat(text(status, "payload.is_active")).isEqualTo("false");
            assertThat(text(status, "payload.location.geohash")).as("the last known location")
                    .isEqualTo(io.ridewire.model.geo.Geohash.encode(spot.lat(), spot.lon(), 6));
            assertThat(pool.isIndexed(driverId)).isFalse();
            JsonNode event = available.await(Nats.field("driver_id", driverId), Duration.ofSeconds(5));
            assertThat(text(event, "data.is_available")).isEqualTo("false");
        }
    }

    @Test
    void passengerBeaconOn_getsStatusThenTheDriversWithinTheRadius_nearestFirst() {
        String near = Riders.id("near");
        String nearer = Riders.id("nearer");
        String far = Riders.id("far");
        Spot spot = Spot.random();
        try (WsClient d1 = riders.driverOn(near, spot.north(1.0), "motorcycle");
             WsClient d2 = riders.driverOn(nearer, spot.north(0.5), "car");
             WsClient d3 = riders.driverOn(far, spot.north(6.0), "motorcycle");
             WsClient passenger = riders.connect(Role.PASSENGER, Riders.id("passenger"))) {
            passenger.send(beacon(true, "passenger", spot, null, null));
            List<JsonNode> received = List.of(passenger.await(m -> true, Duration.ofSeconds(10), "first"),
                    passenger.await(m -> true, Duration.ofSeconds(10), "second"));
            assertThat(received).extracting(m -> text(m, "type")).containsExactly("beacon.status", "beacon.nearby_drivers");
            assertThat(text(received.get(0), "id")).isEqualTo("b-1");
            JsonNode nearby = received.get(1).get("payload");
            assertThat(nearby.get("search_radius_km").getDoubleValue()).isEqualTo(5.0);
            List<String> ids = Riders.list(nearby.get("drivers")).stream().map(d -> text(d, "driver_id")).toList();
            assertThat(ids).containsExactly(nearer, near);
            JsonNode first = Riders.list(nearby.get("drivers")).stream().filter(d -> nearer.equals(text(d, "driver_id")))
                    .findFirst().orElseThrow();
            assertThat(first.get("distance_km").getDoubleValue()).isEqualTo(0.5);
            assertThat(first.get("estimated_arrival_minutes").getIntValue()).isEqualTo(2); // 0.5 km at 20 km/h
            assertThat(text(first, "vehicle_type")).isEqualTo("car");
            assertThat(first.get("rating").getDoubleValue()).isEqualTo(4.8);
        }
    }

    @Test
    void invalidBeacons_areRefusedWithFieldAndCode_andChangeNothing() {
        String driverId = Riders.id("driver");
        try (WsClient driver = riders.connect(Role.DRIVER, driverId)) {
            assertRefused(driver, "{\"type\":\"beacon.update\",\"payload\":{\"user_type\":\"driver\"}}",
                    "is_active", "REQUIRED");
            assertRefused(driver, "{\"type\":\"beacon.update\",\"payload\":{\"is_active\":\"yes\",\"user_type\":\"driver\"}}",
                    "is_active", "INVALID_TYPE");
            assertRefused(driver, beacon(true, "passenger", -6.2, 106.8, "motorcycle", "B1"),
                    "user_type", "FORBIDDEN");
            assertRefused(driver, beacon(true, "driver", 91, 106.8, "motorcycle", "B1"),
                    "location.latitude", "INVALID_COORDINATES");
            assertRefused(driver, beacon(true, "driver", -6.2, -180.5, "motorcycle", "B1"),
                    "location.longitude", "INVALID_COORDINATES");
            assertRefused(driver, beacon(true, "driver", -6.2, 106.8, "rocket", "B1"),
                    "vehicle_info.type", "INVALID_VALUE");
            assertRefused(driver, beacon(true, "driver", -6.2, 106.8, null, null),
                    "vehicle_info", "REQUIRED");
            assertRefused(driver, "{\"type\":\"beacon.update\",\"payload\":{\"is_active\":true,\"user_type\":\"driver\","
                    + "\"location\":{\"latitude\":1,\"longitude\":1,\"accuracy\":-1},\"vehicle_info\":{\"type\":\"car\"}}}",
                    "location.accuracy", "OUT_OF_RANGE");
            assertRefused(driver, "{\"type\":\"beacon.update\",\"payload\":{\"is_active\":true,\"user_type\":\"driver\","
                    + "\"vehicle_info\":{\"type\":\"car\"}}}", "location", "REQUIRED");
            assertThat(pool.record(driverId)).isEmpty();
            assertThat(pool.isIndexed(driverId)).isFalse();
        }
        try (WsClient merchant = riders.connect(Role.CUSTOMER, Riders.id("customer"))) {
            assertRefused(merchant, beacon(true, "passenger", -6.2, 106.8, null, null), "type", "FORBIDDEN");
        }
    }

    static JsonNode assertRefused(WsClient client, String frame, String field, String code) {
        client.send(frame);
        JsonNode error = client.await("error.validation");
        assertThat(text(error, "payload.field")).as(frame).isEqualTo(field);
        assertThat(text(error, "payload.code")).as(frame).isEqualTo(code);
        return error;
    }
}
