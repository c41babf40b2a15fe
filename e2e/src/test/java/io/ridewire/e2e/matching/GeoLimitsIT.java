package io.ridewire.e2e.matching;

import io.micronaut.json.tree.JsonNode;
import io.ridewire.e2e.fixtures.RideFixtures;
import io.ridewire.e2e.fixtures.Spot;
import io.ridewire.functions.drivers.DriverIndex;
import io.ridewire.functions.redis.RedisConnections;
import io.ridewire.local.LocalStack;
import io.ridewire.local.testing.ServerProcess;
import io.ridewire.local.testing.TestStacks;
import io.ridewire.local.testing.WsClient;
import io.ridewire.model.geo.GeoPoint;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Locale;

import static io.ridewire.e2e.fixtures.RideFixtures.assertRefused;
import static io.ridewire.e2e.fixtures.RideFixtures.id;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Latitudes between Web Mercator's limit (±85.05112878) and the poles are real places, but Redis' geo index refuses
 * them: they are refused as INVALID_COORDINATES before Redis is asked (Redis answers no error), the driver's position
 * stays as it was and the connection stays open.
 */
class GeoLimitsIT {

    @Test
    void positionsBeyondTheGeoIndexsLatitude_areRefusedBeforeRedis_andTheConnectionStaysOpen() {
        try (ServerProcess redis = ServerProcess.redis();
             LocalStack own = TestStacks.start(b -> b.redisUri(redis.redisUri()))) {
            RideFixtures rides = new RideFixtures(own);
            RedisConnections connections = own.context().getBean(RedisConnections.class);
            DriverIndex pool = own.context().getBean(DriverIndex.class);
            String driverId = id("driver");
            Spot spot = Spot.random();
            try (WsClient driver = rides.driverOn(driverId, spot)) {
                long errorsBefore = errorReplies(connections);

                assertRefused(driver, beacon(85.06, spot.lon()), "location.latitude", "INVALID_COORDINATES");
                assertRefused(driver, beacon(-85.0512, spot.lon()), "location.latitude", "INVALID_COORDINATES");
                assertRefused(driver, String.format(Locale.ROOT, "{\"type\":\"location.update\",\"payload\":{\"location\":"
                        + "{\"latitude\":85.1,\"longitude\":%s},\"timestamp\":\"%s\"}}", spot.lon(), Instant.now()),
                        "location.latitude", "INVALID_COORDINATES");
                assertRefused(driver, "{\"type\":\"driver:location_update\",\"payload\":{\"lat\":-86,\"lng\":10}}",
                        "lat", "INVALID_COORDINATES");

                assertThat(errorReplies(connections)).as("Redis never saw the bad values").isEqualTo(errorsBefore);
                GeoPoint position = pool.position(driverId).orElseThrow();
                assertThat(position.latitude()).as("the driver's position is unchanged").isCloseTo(spot.lat(),
                        org.assertj.core.data.Offset.offset(1e-4));
                driver.send("{\"type\":\"ping\",\"id\":\"after\"}");
                JsonNode pong = driver.await("pong");
                assertThat(WsClient.text(pong, "id")).isEqualTo("after");
                assertThat(driver.isClosed()).isFalse();
            }
        }
    }

    private static String beacon(double lat, double lon) {
        return String.format(Locale.ROOT, "{\"type\":\"beacon.update\",\"payload\":{\"is_active\":true,"
                + "\"user_type\":\"driver\",\"location\":{\"latitude\":%s,\"longitude\":%s},"
                + "\"vehicle_info\":{\"type\":\"motorcycle\",\"license_plate\":\"B1234XYZ\"}}}", lat, lon);
    }

    /** Error replies Redis has given since it started (INFO stats). */
    private static long errorReplies(RedisConnections connections) {
        String stats = connections.strings().orElseThrow().sync().info("stats");
        return stats.lines().filter(line -> line.startsWith("total_error_replies:"))
                .mapToLong(line -> Long.parseLong(line.substring(line.indexOf(':') + 1).trim())).findFirst()
                .orElseThrow();
    }
}
