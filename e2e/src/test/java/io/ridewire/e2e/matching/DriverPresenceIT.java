package io.ridewire.e2e.matching;

import io.ridewire.e2e.fixtures.Nats;
import io.ridewire.e2e.fixtures.Riders;
import io.ridewire.e2e.fixtures.Spot;

import io.micronaut.json.tree.JsonNode;
import io.ridewire.functions.drivers.DriverIndex;
import io.ridewire.model.identity.Role;
import io.ridewire.local.LocalStack;
import io.ridewire.local.testing.TestStacks;
import io.ridewire.local.testing.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.ridewire.local.testing.WsClient.text;
import static org.assertj.core.api.Assertions.assertThat;

/** A driver whose connection closes leaves the pool after the grace period (1 s here) unless they come back. */
class DriverPresenceIT {
    private static LocalStack stack;
    private static Riders riders;
    private static DriverIndex pool;

    @BeforeAll
    static void start() {
        stack = TestStacks.start(b -> b.property("ridewire.drivers.disconnect-grace", "1s"));
        riders = new Riders(stack);
        pool = stack.context().getBean(DriverIndex.class);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void disconnectedPastTheGracePeriod_leavesThePool_andIsAnnouncedUnavailable() throws InterruptedException {
        String driverId = Riders.id("driver");
        try (Nats available = new Nats(stack, "location.driver.available")) {
            WsClient driver = riders.driverOn(driverId, Spot.random(), "motorcycle");
            available.await(Nats.field("driver_id", driverId), Duration.ofSeconds(5));
            driver.close();
            Thread.sleep(300);
            assertThat(pool.isIndexed(driverId)).as("still in the pool during the grace period").isTrue();
            JsonNode gone = available.await(Nats.field("driver_id", driverId), Duration.ofSeconds(5));
            assertThat(text(gone, "data.is_available")).isEqualTo("false");
            assertThat(pool.isIndexed(driverId)).isFalse();
            assertThat(pool.record(driverId)).containsEntry("active", "0");
        }
    }

    @Test
    void reconnectingWithinTheGracePeriod_staysInThePool() throws InterruptedException {
        String driverId = Riders.id("driver");
        WsClient first = riders.driverOn(driverId, Spot.random(), "motorcycle");
        first.close();
        try (WsClient again = riders.connect(Role.DRIVER, driverId)) {
            Thread.sleep(2500);
            assertThat(pool.isIndexed(driverId)).isTrue();
            assertThat(pool.record(driverId)).containsEntry("active", "1");
        }
    }
}
