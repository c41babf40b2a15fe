package io.ridewire.e2e.matching;

import io.ridewire.e2e.fixtures.Riders;

import io.ridewire.e2e.fixtures.Spot;

import io.micronaut.json.tree.JsonNode;
import io.ridewire.model.identity.Role;
import io.ridewire.local.LocalStack;
import io.ridewire.local.testing.TestStacks;
import io.ridewire.local.testing.WsClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import static io.ridewire.e2e.fixtures.Riders.answer;
import static io.ridewire.e2e.fixtures.Riders.location;
import static io.ridewire.e2e.fixtures.Riders.request;
import static io.ridewire.local.testing.WsClient.text;
import static org.assertj.core.api.Assertions.assertThat;

/** location.geofence for the pickup (500 m) and destination zones of a confirmed match: each transition once. */
class GeofenceIT {
    private final LocalStack stack = TestStacks.shared();
    private final Riders riders = new Riders(stack);
    private final AtomicLong clock = new AtomicLong(Instant.now().toEpochMilli());

    @Test
    void driverEnteringAndLeavingTheZones_isReportedOncePerTransition_toBothParties() {
        Spot pickup = Spot.random();
        Spot destination = pickup.east(3);
        String driverId = Riders.id("driver");
        try (WsClient driver = riders.driverOn(driverId, pickup.north(2), "motorcycle");
             WsClient passenger = riders.connect(Role.PASSENGER, Riders.id("passenger"))) {
            passenger.send(request(pickup, destination, Riders.MOTORCYCLE_PREFERENCES));
            String matchId = text(passenger.await("match.proposal"), "payload.match_id");
            driver.send(answer("match.accept", matchId, "driver"));
            driver.await("match.confirmed");
            passenger.await("match.confirmed");

            move(driver, pickup.north(1.0));
            assertNoCrossing(driver, passenger);
            move(driver, pickup.north(0.45));
            assertCrossing(driver, passenger, driverId, matchId, "pickup_zone", "entered");
            move(driver, pickup.north(0.2));
            move(driver, pickup);
            assertNoCrossing(driver, passenger);
            move(driver, pickup.east(0.6));
            assertCrossing(driver, passenger, driverId, matchId, "pickup_zone", "exited");
            move(driver, pickup.east(1.5));
            assertNoCrossing(driver, passenger);
            move(driver, destination.north(0.3));
            assertCrossing(driver, passenger, driverId, matchId, "destination_zone", "entered");
            move(driver, destination);
            assertNoCrossing(driver, passenger);
            move(driver, destination.east(0.7));
            assertCrossing(driver, passenger, driverId, matchId, "destination_zone", "exited");
        }
    }

    @Test
    void driverWithoutAConfirmedMatch_crossesNoZones() {
        Spot spot = Spot.random();
        try (WsClient driver = riders.driverOn(Riders.id("driver"), spot.north(2), "motorcycle")) {
            move(driver, spot);
            driver.assertNone("location.geofence", Duration.ofMillis(500));
        }
    }

    private void move(WsClient driver, Spot to) {
        driver.send(location(to, Instant.ofEpochMilli(clock.addAndGet(1000)).minusSeconds(60)));
    }

    private static void assertCrossing(WsClient driver, WsClient passenger, String driverId, String matchId,
                                       String zone, String action) {
        for (WsClient client : new WsClient[] {driver, passenger}) {
            JsonNode crossing = client.await("location.geofence");
            assertThat(text(crossing, "payload.user_id")).isEqualTo(driverId);
            assertThat(text(crossing, "payload.match_id")).isEqualTo(matchId);
            assertThat(text(crossing, "payload.geofence_type")).isEqualTo(zone);
            assertThat(text(crossing, "payload.action")).isEqualTo(action);
            assertThat(text(crossing, "payload.location.latitude")).isNotBlank();
            assertThat(text(crossing, "payload.timestamp")).isNotBlank();
        }
    }

    private static void assertNoCrossing(WsClient driver, WsClient passenger) {
        // a ping round trip orders the check after the updates sent before it
        driver.send("{\"type\":\"ping\",\"id\":\"sync\"}");
        driver.await("pong");
        driver.assertNone("location.geofence", Duration.ofMillis(300));
        passenger.assertNone("location.geofence", Duration.ofMillis(100));
    }
}
