package io.ridewire.e2e.rides;

import io.micronaut.json.tree.JsonNode;
import io.ridewire.e2e.fixtures.RideFixtures;
import io.ridewire.e2e.fixtures.Spot;
import io.ridewire.functions.redis.RedisConnections;
import io.ridewire.local.LocalStack;
import io.ridewire.local.testing.Eventually;
import io.ridewire.local.testing.ServerProcess;
import io.ridewire.local.testing.TestStacks;
import io.ridewire.local.testing.WsClient;
import io.ridewire.model.identity.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static io.ridewire.e2e.fixtures.RideFixtures.awaitFor;
import static io.ridewire.e2e.fixtures.RideFixtures.id;
import static io.ridewire.local.testing.WsClient.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis restarts empty in the middle of a ride (a Redis of this class's own, without persistence): the odometer is
 * gone, and the arrival bills the straight line from the start to where the driver says they arrived, or to the
 * destination when they say nothing, rather than nothing.
 */
class RideStateLostIT {
    private static ServerProcess redis;
    private static LocalStack stack;

    @BeforeAll
    static void start() {
        redis = ServerProcess.redis();
        stack = TestStacks.start(b -> b.redisUri(redis.redisUri())
                .property("ridewire.location.max-clock-skew", "2h")
                .property("ridewire.rides.progress-interval", "0s"));
    }

    @AfterAll
    static void stop() {
        stack.close();
        redis.close();
    }

    @Test
    void anArrivalWithoutALocation_afterRedisLostTheRide_billsTheStartToTheDestination() {
        JsonNode completed = arriveAfterRedisRestart(null);
        assertThat(km(completed)).as("2 km from start to destination").isBetween(1.95, 2.05);
        assertThat(Long.parseLong(text(completed, "payload.billing.base_fare"))).isPositive();
    }

    @Test
    void anArrivalWithALocation_afterRedisLostTheRide_billsTheStartToThatLocation() {
        JsonNode completed = arriveAfterRedisRestart(1.5);
        assertThat(km(completed)).as("1.5 km from start to the arrival location").isBetween(1.45, 1.55);
    }

    /** A 2 km ride driven halfway, Redis restarted empty, then arrived (at {@code arrivedKm} north, or unsaid). */
    private static JsonNode arriveAfterRedisRestart(Double arrivedKm) {
        RideFixtures rides = new RideFixtures(stack);
        Spot pickup = Spot.random();
        try (WsClient driver = rides.driverOn(id("driver"), pickup);
             WsClient passenger = rides.connect(Role.PASSENGER, id("passenger"))) {
            String rideId = rides.rideUnderway(driver, passenger, pickup, pickup.north(2));
            Instant t0 = Instant.now();
            for (int k = 1; k <= 2; k++) {
                driver.send(RideFixtures.fix(rideId, pickup.north(0.5 * k), 5, t0.plusSeconds(60L * k)));
                awaitFor(driver, "ride.progress", "ride_id", rideId);
            }

            redis.kill();
            redis.start();
            // the stack's client reconnects on its own: the arrival is sent once it is back, to an empty Redis
            RedisConnections connections = stack.context().getBean(RedisConnections.class);
            Eventually.until(connections::ping, Duration.ofSeconds(30));

            driver.send(arrivedKm == null
                    ? "{\"type\":\"ride.arrived\",\"id\":\"arr-1\",\"payload\":{\"ride_id\":\"" + rideId + "\"}}"
                    : RideFixtures.arrived(rideId, pickup.north(arrivedKm), null));
            JsonNode completed = passenger.await(m -> "ride.completed".equals(text(m, "type"))
                    && rideId.equals(text(m, "payload.ride_id")), Duration.ofSeconds(30), "ride.completed");
            assertThat(text(completed, "payload.billing.adjusted_fare"))
                    .isEqualTo(text(awaitFor(passenger, "payment.request", "ride_id", rideId), "payload.amount"));
            return completed;
        }
    }

    private static double km(JsonNode completed) {
        return Double.parseDouble(text(completed, "payload.total_distance_km"));
    }
}
