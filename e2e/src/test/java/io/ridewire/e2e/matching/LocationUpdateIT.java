package io.ridewire.e2e.matching;

import io.ridewire.e2e.fixtures.Riders;

import io.ridewire.e2e.fixtures.Nats;
import io.ridewire.e2e.fixtures.Spot;

import io.micronaut.json.tree.JsonNode;
import io.ridewire.functions.aws.DynamoCallCounter;
import io.ridewire.functions.drivers.DriverIndex;
import io.ridewire.model.identity.Role;
import io.ridewire.local.LocalStack;
import io.ridewire.local.testing.TestStacks;
import io.ridewire.local.testing.WsClient;
import io.ridewire.functions.redis.RedisConnections;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

import static io.ridewire.e2e.matching.BeaconIT.assertRefused;
import static io.ridewire.e2e.fixtures.Riders.location;
import static io.ridewire.local.testing.WsClient.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** location.update: validated, moves the driver in the geo index, published on JetStream, no DynamoDB write. */
class LocationUpdateIT {
    private final LocalStack stack = TestStacks.shared();
    private final Riders riders = new Riders(stack);
    private final DriverIndex pool = stack.context().getBean(DriverIndex.class);

    @Test
    void driverUpdate_movesTheDriverInTheGeoIndex_andIsPublishedInTheSpecEnvelope() {
        String driverId = Riders.id("driver");
        Spot spot = Spot.random();
        try (WsClient driver = riders.driverOn(driverId, spot, "motorcycle");
             Nats published = new Nats(stack, "location.update")) {
            double lat = spot.north(2.0).lat();
            driver.send(String.format(Locale.ROOT, "{\"type\":\"location.update\",\"id\":\"c-77\",\"payload\":{"
                    + "\"location\":{\"latitude\":%s,\"longitude\":%s,\"accuracy\":10.5,\"speed\":25.0,\"heading\":180.0,"
                    + "\"altitude\":100.0},\"ride_id\":\"ride-1\",\"timestamp\":\"%s\"}}", lat, spot.lon(), Instant.now()));
            JsonNode event = published.await(Nats.field("user_id", driverId), Duration.ofSeconds(5));
            assertThat(text(event, "event_type")).isEqualTo("location.update");
            assertThat(text(event, "event_id")).isNotBlank();
            assertThat(text(event, "timestamp")).isNotBlank();
            assertThat(text(event, "source_service")).isEqualTo("ridewire-functions");
            assertThat(text(event, "version")).isEqualTo("1.0");
            assertThat(text(event, "trace_id")).isNotBlank();
            assertThat(text(event, "correlation_id")).isEqualTo("c-77");
            assertThat(text(event, "data.user_type")).isEqualTo("driver");
            assertThat(text(event, "data.ride_id")).isEqualTo("ride-1");
            assertThat(text(event, "data.session_id")).isNotBlank();
            assertThat(event.get("data").get("location").get("latitude").getDoubleValue()).isCloseTo(lat, within(1e-9));
            assertThat(event.get("data").get("location").get("heading").getDoubleValue()).isEqualTo(180.0);
            assertThat(event.get("data").get("location").get("altitude").getDoubleValue()).isEqualTo(100.0);

            var position = geoPosition(driverId);
            assertThat(position.getY().doubleValue()).isCloseTo(lat, within(1e-5));
            assertThat(pool.nearest(io.ridewire.model.geo.GeoPoint.of(lat, spot.lon()), "motorcycle", 0.05, 10))
                    .extracting(DriverIndex.Nearby::driverId).contains(driverId);
            driver.assertNone("error.validation", Duration.ofMillis(200));
        }
    }

    @Test
    void olderFixThanTheLastOne_isRefusedAsOutOfOrder_andDoesNotMoveTheDriverBack() {
        String driverId = Riders.id("driver");
        Spot spot = Spot.random();
        try (WsClient driver = riders.driverOn(driverId, spot, "motorcycle")) {
            Instant now = Instant.now();
            driver.send(location(spot.north(1.0), now));
            awaitRecordedLatitude(driverId, spot.north(1.0).lat());
            JsonNode refused = assertRefused(driver, location(spot.north(3.0), now.minusSeconds(5)), "timestamp", "OUT_OF_ORDER");
            assertThat(text(refused, "id")).as("the refusal echoes the update's id").isEqualTo("l-1");
            assertThat(text(refused, "payload.original_event_type")).isEqualTo("location.update");
            assertThat(Double.parseDouble(pool.record(driverId).get("lat"))).isCloseTo(spot.north(1.0).lat(), within(1e-9));

            // a phone whose clock stepped back is told on every fix until its clock passes the last one; then taken
            assertRefused(driver, location(spot.north(3.0), now.minusSeconds(4)), "timestamp", "OUT_OF_ORDER");
            driver.send(location(spot.north(3.0), now.plusSeconds(1)));
            awaitRecordedLatitude(driverId, spot.north(3.0).lat());
            driver.assertNone("error.validation", Duration.ofMillis(200));
        }
    }

    @Test
    void updates_writeNothingToDynamoDb() {
        DynamoCallCounter dynamo = stack.context().getBean(DynamoCallCounter.class);
        String driverId = Riders.id("driver");
        Spot spot = Spot.random();
        try (WsClient driver = riders.driverOn(driverId, spot, "motorcycle");
             WsClient passenger = riders.connect(Role.PASSENGER, Riders.id("passenger"))) {
            long writesBefore = dynamo.writes("location.update"); // the route's own calls, not the stack's timers
            Instant start = Instant.now();
            for (int i = 1; i <= 20; i++) {
                driver.send(location(spot.north(0.01 * i), start.plusMillis(i)));
                passenger.send(location(spot, start.plusMillis(i)));
            }
            awaitRecordedLatitude(driverId, spot.north(0.2).lat());
            passenger.send("{\"type\":\"ping\",\"id\":\"after\"}");
            passenger.await("pong");
            assertThat(dynamo.writes("location.update") - writesBefore).isZero();
        }
    }

    @Test
    void invalidUpdates_areRefusedWithFieldAndCode() {
        try (WsClient driver = riders.connect(Role.DRIVER, Riders.id("driver"))) {
            String now = Instant.now().toString();
            assertRefused(driver, update("\"latitude\":-90.5,\"longitude\":106", now), "location.latitude", "INVALID_COORDINATES");
            assertRefused(driver, update("\"latitude\":-6,\"longitude\":181", now), "location.longitude", "INVALID_COORDINATES");
            assertRefused(driver, update("\"latitude\":\"-6\",\"longitude\":106", now), "location.latitude", "INVALID_TYPE");
            assertRefused(driver, update("\"longitude\":106", now), "location.latitude", "REQUIRED");
            assertRefused(driver, update("\"latitude\":-6,\"longitude\":106,\"accuracy\":-0.1", now), "location.accuracy", "OUT_OF_RANGE");
            assertRefused(driver, update("\"latitude\":-6,\"longitude\":106,\"heading\":360.5", now), "location.heading", "OUT_OF_RANGE");
            assertRefused(driver, update("\"latitude\":-6,\"longitude\":106,\"heading\":-1", now), "location.heading", "OUT_OF_RANGE");
            assertRefused(driver, update("\"latitude\":-6,\"longitude\":106,\"speed\":-3", now), "location.speed", "OUT_OF_RANGE");
            assertRefused(driver, update("\"latitude\":-6,\"longitude\":106", Instant.now().plusSeconds(120).toString()),
                    "timestamp", "OUT_OF_RANGE");
            assertRefused(driver, update("\"latitude\":-6,\"longitude\":106", "yesterday"), "timestamp", "INVALID_VALUE");
            assertRefused(driver, "{\"type\":\"location.update\",\"payload\":{\"location\":{\"latitude\":-6,\"longitude\":106}}}",
                    "timestamp", "REQUIRED");
            assertRefused(driver, "{\"type\":\"location.update\",\"payload\":{\"timestamp\":\"" + now + "\"}}",
                    "location", "REQUIRED");
        }
        try (WsClient merchant = riders.connect(Role.CUSTOMER, Riders.id("customer"))) {
            assertRefused(merchant, update("\"latitude\":-6,\"longitude\":106", Instant.now().toString()), "type", "FORBIDDEN");
        }
    }

    @Test
    void timestampWithinTheClockSkew_isAccepted() {
        try (WsClient driver = riders.connect(Role.DRIVER, Riders.id("driver"))) {
            driver.send(update("\"latitude\":-6,\"longitude\":106", Instant.now().plusSeconds(10).toString()));
            driver.assertNone("error.validation", Duration.ofMillis(500));
        }
    }

    private static String update(String location, String timestamp) {
        return "{\"type\":\"location.update\",\"payload\":{\"location\":{" + location + "},\"timestamp\":\"" + timestamp + "\"}}";
    }

    private io.lettuce.core.GeoCoordinates geoPosition(String driverId) {
        RedisConnections redis = stack.context().getBean(RedisConnections.class);
        return redis.strings().orElseThrow().sync().geopos(redis.key("drivers:available"), driverId).getFirst();
    }

    private void awaitRecordedLatitude(String driverId, double latitude) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            String lat = pool.record(driverId).get("lat");
            if (lat != null && Math.abs(Double.parseDouble(lat) - latitude) < 1e-9) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new AssertionError("driver " + driverId + " never recorded at " + latitude);
    }
}
