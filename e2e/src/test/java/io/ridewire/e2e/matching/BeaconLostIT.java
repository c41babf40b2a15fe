package io.ridewire.e2e.matching;

import io.micronaut.json.tree.JsonNode;
import io.ridewire.e2e.fixtures.RideFixtures;
import io.ridewire.e2e.fixtures.Spot;
import io.ridewire.functions.drivers.DriverIndex;
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

import static io.ridewire.e2e.fixtures.RideFixtures.id;
import static io.ridewire.local.testing.WsClient.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis restarts empty (a Redis of this class's own, without persistence) under an online driver: their beacon —
 * vehicle, plate, availability — is gone with it, and their location.updates alone never put them back in the pool.
 * The first fix after the loss is answered with an unsolicited beacon.status (not active), once per connection (a
 * notice lost with its connection is sent again over the next); the app's beacon.update puts the driver back, matched
 * again.
 */
class BeaconLostIT {
    private static ServerProcess redis;
    private static LocalStack stack;

    @BeforeAll
    static void start() {
        redis = ServerProcess.redis();
        stack = TestStacks.start(b -> b.redisUri(redis.redisUri()));
    }

    @AfterAll
    static void stop() {
        stack.close();
        redis.close();
    }

    @Test
    void aDriverWhoseBeaconRedisLost_isToldOnce_andIsMatchedAgainAfterBeaconingAgain() {
        RideFixtures rides = new RideFixtures(stack);
        DriverIndex pool = stack.context().getBean(DriverIndex.class);
        Spot pickup = Spot.random();
        String driverId = id("driver");
        try (WsClient driver = rides.driverOn(driverId, pickup)) {
            driver.send(RideFixtures.fix(null, pickup.north(0.05), 5, Instant.now()));
            driver.assertNone("beacon.status", Duration.ofMillis(500));
            assertThat(pool.isIndexed(driverId)).isTrue();

            restartRedisEmpty();
            assertThat(pool.isIndexed(driverId)).as("the pool went with Redis").isFalse();

            driver.send(RideFixtures.fix(null, pickup.north(0.1), 5, Instant.now()));
            JsonNode status = driver.await("beacon.status", Duration.ofSeconds(15));
            assertThat(text(status, "payload.is_active")).isEqualTo("false");
            assertThat(text(status, "payload.user_id")).isEqualTo(driverId);
            assertThat(text(status, "payload.user_type")).isEqualTo("driver");
            assertThat(text(status, "payload.location.geohash")).hasSize(6);
            assertThat(text(status, "payload.updated_at")).isNotBlank();
            assertThat(text(status, "id")).as("it answers no request of the driver's").isNotEqualTo("b-1").isNotBlank();

            driver.send(RideFixtures.fix(null, pickup.north(0.15), 5, Instant.now()));
            driver.assertNone("beacon.status", Duration.ofSeconds(1));

            // a beacon.update with bad fields is still refused, and records nothing: the driver stays out and untold
            driver.send(RideFixtures.beacon(pickup).replace("\"motorcycle\"", "\"spaceship\""));
            JsonNode refused = driver.await("error.validation");
            assertThat(text(refused, "payload.code")).isEqualTo("INVALID_VALUE");
            assertThat(text(refused, "payload.field")).isEqualTo("vehicle_info.type");
            driver.send(RideFixtures.fix(null, pickup.north(0.15), 5, Instant.now()));
            driver.assertNone("beacon.status", Duration.ofSeconds(1));
            assertThat(pool.isIndexed(driverId)).isFalse();

            driver.send(RideFixtures.beacon(pickup));
            assertThat(text(driver.await("beacon.status"), "payload.is_active")).isEqualTo("true");
            assertThat(pool.isIndexed(driverId)).isTrue();
            driver.send(RideFixtures.fix(null, pickup.north(0.2), 5, Instant.now()));
            driver.assertNone("beacon.status", Duration.ofMillis(500));

            try (WsClient passenger = rides.connect(Role.PASSENGER, id("passenger"))) {
                passenger.send(RideFixtures.request(pickup, pickup.north(2)));
                JsonNode proposal = driver.await("match.proposal", Duration.ofSeconds(15));
                assertThat(text(proposal, "payload.passenger_id")).isNotBlank();
                assertThat(text(passenger.await("match.proposal", Duration.ofSeconds(15)), "payload.driver_id"))
                        .isEqualTo(driverId);
            }
        }
    }

    @Test
    void aDriverWhoseConnectionWentWithTheNotice_isToldAgainOverTheNextOne() {
        RideFixtures rides = new RideFixtures(stack);
        DriverIndex pool = stack.context().getBean(DriverIndex.class);
        Spot pickup = Spot.random();
        String driverId = id("driver");
        try (WsClient lost = rides.driverOn(driverId, pickup)) {
            restartRedisEmpty();
            lost.send(RideFixtures.fix(null, pickup.north(0.1), 5, Instant.now()));
            // the fix is recorded, and the record marked as told, before the connection closes unread
            Eventually.until(() -> !pool.record(driverId).isEmpty(), Duration.ofSeconds(15));
        }

        try (WsClient driver = rides.connect(Role.DRIVER, driverId)) {
            driver.send(RideFixtures.fix(null, pickup.north(0.15), 5, Instant.now()));
            JsonNode status = driver.await("beacon.status", Duration.ofSeconds(15));
            assertThat(text(status, "payload.is_active")).isEqualTo("false");
            assertThat(text(status, "id")).as("it answers no request of the driver's").isNotBlank();
            driver.send(RideFixtures.fix(null, pickup.north(0.2), 5, Instant.now()));
            driver.assertNone("beacon.status", Duration.ofSeconds(1));

            driver.send(RideFixtures.beacon(pickup));
            assertThat(text(driver.await("beacon.status"), "payload.is_active")).isEqualTo("true");
            assertThat(pool.isIndexed(driverId)).isTrue();
        }
    }

    private static void restartRedisEmpty() {
        redis.kill();
        redis.start();
        RedisConnections connections = stack.context().getBean(RedisConnections.class);
        Eventually.until(connections::ping, Duration.ofSeconds(30));
    }
}
