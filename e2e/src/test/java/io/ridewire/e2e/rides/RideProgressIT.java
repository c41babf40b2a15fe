package io.ridewire.e2e.rides;

import io.ridewire.e2e.fixtures.RideFixtures;

import io.ridewire.e2e.fixtures.Point;
import io.ridewire.e2e.fixtures.RideStacks;

import io.micronaut.json.tree.JsonNode;
import io.ridewire.functions.aws.DynamoCallCounter;
import io.ridewire.model.identity.Role;
import io.ridewire.local.LocalStack;
import io.ridewire.local.testing.WsClient;
import io.ridewire.functions.rides.RideTracker;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

import static io.ridewire.e2e.fixtures.RideFixtures.arrived;
import static io.ridewire.e2e.fixtures.RideFixtures.awaitFor;
import static io.ridewire.e2e.fixtures.RideFixtures.assertRefused;
import static io.ridewire.e2e.fixtures.RideFixtures.fix;
import static io.ridewire.e2e.fixtures.RideFixtures.id;
import static io.ridewire.local.testing.WsClient.text;
import static org.assertj.core.api.Assertions.assertThat;

/** Ride progress from location updates: noise and GPS jumps do not inflate the fare; the hot path stays in Redis. */
class RideProgressIT {
    private static final String LOCATION = "location.update";
    private final LocalStack stack = RideStacks.shared();
    private final RideFixtures rides = new RideFixtures(stack);
    private final RideTracker tracker = stack.context().getBean(RideTracker.class);

    @Test
    void aParkedDriversNoisyFixes_addLessThan50m_andNeverTouchDynamoDb() {
        Point pickup = Point.random();
        SplittableRandom random = new SplittableRandom(42);
        DynamoCallCounter dynamo = stack.context().getBean(DynamoCallCounter.class);
        try (WsClient driver = rides.driverOn(id("driver"), pickup);
             WsClient passenger = rides.connect(Role.PASSENGER, id("passenger"))) {
            String rideId = rides.rideUnderway(driver, passenger, pickup, pickup.north(2));
            Instant t0 = Instant.now();
            // counted per route: the stack's deadline poller and acks write meanwhile, but not on this path
            long writesBefore = dynamo.writes(LOCATION);
            long callsBefore = dynamo.total(LOCATION);
            var snapshotBefore = dynamo.snapshot(LOCATION);
            for (int s = 1; s <= 100; s++) {
                // Gaussian noise, σ 7 m per axis: about 10 m at the 68 % level, the accuracy the phone reports
                Point noisy = pickup.offset(gauss(random) * 7, gauss(random) * 7);
                driver.send(fix(rideId, noisy, 10, t0.plusSeconds(s)));
                awaitFor(driver, "ride.progress", "ride_id", rideId);
            }
            assertThat(dynamo.writes(LOCATION) - writesBefore).as("DynamoDB writes on the location path: %s then %s",
                    snapshotBefore, dynamo.snapshot(LOCATION)).isZero();
            // reads: the session cache's refills for the pushes (one GetItem per user and minute at most)
            assertThat(dynamo.total(LOCATION) - callsBefore).as("DynamoDB calls on the location path: %s then %s",
                    snapshotBefore, dynamo.snapshot(LOCATION)).isLessThanOrEqualTo(4);
            RideTracker.State state = tracker.read(rideId).orElseThrow();
            assertThat(state.dropped().getOrDefault("jitter", 0L)).isGreaterThan(80);
            assertThat(tracker.droppedLog(rideId)).isNotEmpty().allMatch(line -> line.split(" ").length == 5);

            long arrivalWritesBefore = dynamo.writes("ride.arrived");
            driver.send(arrived(rideId, pickup, "1"));
            JsonNode completed = awaitFor(passenger, "ride.completed", "ride_id", rideId);
            assertThat(dynamo.writes("ride.arrived") - arrivalWritesBefore)
                    .as("the per-route count sees a route that writes (the ride's completion)").isPositive();
            assertThat(completed.get("payload").get("total_distance_km").getDoubleValue()).isLessThan(0.05);
            assertThat(completed.get("payload").get("billing").get("base_fare").getLongValue()).isLessThan(150);
        }
    }

    @Test
    void aGpsJump_isDroppedWithItsReason_notShown_andNotBilled() {
        Point pickup = Point.random();
        try (WsClient driver = rides.driverOn(id("driver"), pickup);
             WsClient passenger = rides.connect(Role.PASSENGER, id("passenger"))) {
            String rideId = rides.rideUnderway(driver, passenger, pickup, pickup.north(2));
            Instant t0 = Instant.now();
            driver.send(fix(rideId, pickup.north(0.1), 5, t0.plusSeconds(10)));
            awaitFor(passenger, "location.tracking", "ride_id", rideId);
            driver.send(fix(rideId, pickup.north(5), 5, t0.plusSeconds(12))); // 4.9 km in 2 s
            JsonNode progress = awaitFor(driver, "ride.progress", "ride_id", rideId);
            progress = awaitFor(driver, "ride.progress", "ride_id", rideId);
            assertThat(progress.get("payload").get("current_location").get("latitude").getDoubleValue())
                    .as("the jump is not shown; %s; %s", tracker.read(rideId), tracker.droppedLog(rideId))
                    .isEqualTo(pickup.north(0.1).lat());
            passenger.assertNone("location.tracking", Duration.ofMillis(300));
            driver.send(fix(rideId, pickup.north(0.2), 5, t0.plusSeconds(20)));
            awaitFor(passenger, "location.tracking", "ride_id", rideId);
            driver.send(fix(rideId, pickup.north(0.3), 5, t0.plusSeconds(30)));
            awaitFor(passenger, "location.tracking", "ride_id", rideId);

            assertThat(tracker.read(rideId).orElseThrow().dropped()).containsEntry("impossible_jump", 1L);
            assertThat(tracker.droppedLog(rideId)).anyMatch(line -> line.contains(" impossible_jump "));

            driver.send(arrived(rideId, pickup.north(0.3), "1"));
            JsonNode completed = awaitFor(passenger, "ride.completed", "ride_id", rideId);
            assertThat(completed.get("payload").get("total_distance_km").getDoubleValue()).isEqualTo(0.3);
            assertThat(text(completed, "payload.billing.base_fare")).isEqualTo("900");
        }
    }

    @Test
    void fixesFromAnyoneButTheRidesDriver_doNotCount_andAStrangerNamingTheRideIsRefused() {
        Point pickup = Point.random();
        try (WsClient driver = rides.driverOn(id("driver"), pickup);
             WsClient passenger = rides.connect(Role.PASSENGER, id("passenger"));
             WsClient stranger = rides.driverOn(id("stranger"), Point.random());
             WsClient strangerPassenger = rides.connect(Role.PASSENGER, id("stranger-passenger"))) {
            String rideId = rides.rideUnderway(driver, passenger, pickup, pickup.north(2));
            Instant t0 = Instant.now();
            for (int k = 1; k <= 3; k++) {
                passenger.send(fix(rideId, pickup.north(0.5 * k), 5, t0.plusSeconds(10L * k)));
            }
            for (WsClient other : List.of(stranger, strangerPassenger)) {
                for (int k = 1; k <= 3; k++) {
                    assertRefused(other, fix(rideId, pickup.north(0.5 * k), 5, t0.plusSeconds(10L * k)), "ride_id",
                            "FORBIDDEN");
                }
            }
            passenger.assertNone("location.tracking", Duration.ofMillis(500));
            passenger.assertNone("error.validation", Duration.ZERO);
            assertThat(tracker.read(rideId).orElseThrow().metres()).isZero();
            assertThat(tracker.read(rideId).orElseThrow().odometer().candidate()).isNull();
        }
    }

    private static double gauss(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
