package io.ridewire.functions.drivers;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.ridewire.functions.drivers.DriverPosition;
import io.ridewire.functions.redis.RedisConnections;
import io.ridewire.functions.testing.ServiceContext;
import io.ridewire.model.geo.GeoPoint;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static io.ridewire.functions.testing.Places.north;
import static io.ridewire.functions.testing.Places.spot;
import static io.ridewire.functions.testing.Places.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The one driver index in Redis: one position per driver across both pools, each pool with its own rules. */
@MicronautTest(contextBuilder = ServiceContext.Shared.class)
class DriverIndexTest {
    private static final Duration FRESH = Duration.ofMinutes(2);

    @Inject
    DriverIndex index;
    @Inject
    RedisConnections redis;

    @Test
    void aPositionReportedForOrders_movesAnAvailableRideDriverToo() {
        GeoPoint here = spot();
        String driver = unique("driver");
        index.beacon(driver, true, new DriverProfile("car", "B 9 Z", null, null, null), north(here, 2), "conn-1");

        index.update(driver, "conn-2", position(north(here, 0.5), Instant.now()));

        assertThat(index.nearest(here, "car", 3, 5)).singleElement().satisfies(nearby -> {
            assertThat(nearby.driverId()).isEqualTo(driver);
            assertThat(nearby.distanceKm()).isCloseTo(0.5, within(0.01));
        });
        assertThat(index.connectionOf(driver)).contains("conn-2");
    }

    @Test
    void aRideDriver_isNotOfferedOrders_untilTheyReportForThem() {
        GeoPoint here = spot();
        String driver = unique("driver");
        index.beacon(driver, true, new DriverProfile("car", "B 9 Z", null, null, null), north(here, 0.2), "conn-1");
        index.move(driver, north(here, 0.3), 5.0, Instant.now(), "conn-1");

        assertThat(index.nearestForOrders(here.latitude(), here.longitude(), 2, 5, FRESH)).isEmpty();
        index.update(driver, "conn-1", position(north(here, 0.3), Instant.now()));
        assertThat(index.nearestForOrders(here.latitude(), here.longitude(), 2, 5, FRESH))
                .extracting(DriverIndex.Nearby::driverId).containsExactly(driver);
    }

    @Test
    void aDriverGoneQuiet_leavesTheOrderPool() {
        GeoPoint here = spot();
        String quiet = unique("quiet");
        String fresh = unique("fresh");
        index.update(quiet, "conn-q", position(north(here, 0.1),
                Instant.now().minus(FRESH).minusSeconds(5)));
        index.update(fresh, "conn-f", position(north(here, 0.2), Instant.now()));

        assertThat(index.nearestForOrders(here.latitude(), here.longitude(), 2, 5, FRESH))
                .extracting(DriverIndex.Nearby::driverId).containsExactly(fresh);
    }

    @Test
    void aClosedConnection_takesTheDriverOutOfTheOrderPool_onlyIfItWasTheirLast() {
        GeoPoint here = spot();
        String driver = unique("driver");
        index.update(driver, "conn-new", position(north(here, 0.1), Instant.now()));

        index.disconnected(driver, "conn-old");
        assertThat(index.nearestForOrders(here.latitude(), here.longitude(), 2, 5, FRESH)).hasSize(1);
        index.disconnected(driver, "conn-new");
        assertThat(index.nearestForOrders(here.latitude(), here.longitude(), 2, 5, FRESH)).isEmpty();
        assertThat(index.connections(java.util.List.of(driver))).isEmpty();
    }

    @Test
    void aDeviceFixOlderThanTheLast_isIgnored() {
        GeoPoint here = spot();
        String driver = unique("driver");
        Instant now = Instant.now();
        index.move(driver, here, 5.0, now, "conn-1");

        DriverIndex.Move late = index.move(driver, north(here, 1), 5.0, now.minusSeconds(1), "conn-1");

        assertThat(late).isEqualTo(DriverIndex.Move.OUT_OF_ORDER);
        assertThat(index.position(driver)).contains(here);
    }

    @Test
    void anAssignedDriver_whoseHoldHasPassed_isAvailableAgain_evenIfTheReleaseWasLost() {
        GeoPoint here = spot();
        String booked = unique("booked");
        String stale = unique("stale");
        DriverProfile car = new DriverProfile("car", "B 9 Z", null, null, null);
        index.beacon(booked, true, car, north(here, 0.1), "conn-b");
        index.beacon(stale, true, car, north(here, 0.2), "conn-s");
        Instant now = Instant.now();

        index.assign(booked, unique("match"), now.plusSeconds(600));
        // as the pool is corrected from DynamoDB after a lost proposal: assigned, with the lock's until, now past
        index.mark(stale, "assigned", unique("match"), now.minusSeconds(1));
        assertThat(index.nearest(here, "car", 3, 5)).as("both held").isEmpty();

        index.move(booked, north(here, 0.1), 5.0, now.plusMillis(1), "conn-b");
        index.move(stale, north(here, 0.2), 5.0, now.plusMillis(1), "conn-s");

        assertThat(index.nearest(here, "car", 3, 5)).as("only the lapsed hold is healed")
                .extracting(DriverIndex.Nearby::driverId).containsExactly(stale);
        assertThat(index.claim(stale, unique("match"), now.plusSeconds(30), 0.2)).as("and can be proposed").isPresent();
    }

    @Test
    void aDeviceFix_afterTheRecordWasLost_reportsItOnce_untilABeaconArrives() {
        GeoPoint here = spot();
        String driver = unique("driver");
        DriverProfile car = new DriverProfile("car", "B 9 Z", null, null, null);
        index.beacon(driver, true, car, here, "conn-1");
        Instant now = Instant.now();
        assertThat(index.move(driver, north(here, 0.1), 5.0, now, "conn-1")).isEqualTo(DriverIndex.Move.MOVED_AVAILABLE);

        // as Redis evicting the record, or restarting empty, leaves it
        redis.strings().orElseThrow().sync().del(redis.key("driver:" + driver));
        redis.strings().orElseThrow().sync().zrem(redis.key("drivers:available"), driver);
        redis.strings().orElseThrow().sync().zrem(redis.key("drivers:available:car"), driver);

        assertThat(index.move(driver, north(here, 0.2), 5.0, now.plusSeconds(1), "conn-1"))
                .as("the first fix without a beacon").isEqualTo(DriverIndex.Move.UNBEACONED);
        assertThat(index.move(driver, north(here, 0.3), 5.0, now.plusSeconds(2), "conn-1"))
                .as("told once").isEqualTo(DriverIndex.Move.MOVED);
        assertThat(index.nearest(here, "car", 3, 5)).isEmpty();

        index.beacon(driver, true, car, north(here, 0.3), "conn-1");
        assertThat(index.nearest(here, "car", 3, 5)).extracting(DriverIndex.Nearby::driverId).containsExactly(driver);
        assertThat(index.move(driver, north(here, 0.4), 5.0, now.plusSeconds(3), "conn-1"))
                .isEqualTo(DriverIndex.Move.MOVED_AVAILABLE);

        // lost again after the beacon: told again
        redis.strings().orElseThrow().sync().del(redis.key("driver:" + driver));
        assertThat(index.move(driver, north(here, 0.5), 5.0, now.plusSeconds(4), "conn-1"))
                .isEqualTo(DriverIndex.Move.UNBEACONED);
    }

    @Test
    void aLostBeacon_isReportedAgain_forAFixOverAnotherConnection() {
        GeoPoint here = spot();
        String driver = unique("driver");
        DriverProfile car = new DriverProfile("car", "B 9 Z", null, null, null);
        index.beacon(driver, true, car, here, "conn-a");
        Instant now = Instant.now();
        redis.strings().orElseThrow().sync().del(redis.key("driver:" + driver));
        redis.strings().orElseThrow().sync().zrem(redis.key("drivers:available"), driver);
        redis.strings().orElseThrow().sync().zrem(redis.key("drivers:available:car"), driver);

        assertThat(index.move(driver, north(here, 0.1), 5.0, now, "conn-a")).isEqualTo(DriverIndex.Move.UNBEACONED);
        assertThat(index.move(driver, north(here, 0.2), 5.0, now.plusSeconds(1), "conn-a"))
                .as("told once over a connection").isEqualTo(DriverIndex.Move.MOVED);
        // the push over conn-a may have been lost with it: the driver reconnected
        assertThat(index.move(driver, north(here, 0.3), 5.0, now.plusSeconds(2), "conn-b"))
                .as("told again over the new connection").isEqualTo(DriverIndex.Move.UNBEACONED);
        assertThat(index.move(driver, north(here, 0.4), 5.0, now.plusSeconds(3), "conn-b"))
                .isEqualTo(DriverIndex.Move.MOVED);

        index.beacon(driver, true, car, north(here, 0.4), "conn-b");
        assertThat(index.move(driver, north(here, 0.5), 5.0, now.plusSeconds(4), "conn-c"))
                .as("a beacon clears the mark").isEqualTo(DriverIndex.Move.MOVED_AVAILABLE);
        assertThat(index.record(driver)).doesNotContainKey("unbeaconed");
    }

    @Test
    void aDriverWhoWentOff_orReportsOnlyForOrders_isNotToldTheyHaveNoBeacon() {
        GeoPoint here = spot();
        String off = unique("off");
        index.beacon(off, false, new DriverProfile("car", "B 9 Z", null, null, null), here, "conn-1");
        assertThat(index.move(off, north(here, 0.1), 5.0, Instant.now(), "conn-1")).isEqualTo(DriverIndex.Move.MOVED);

        String courier = unique("courier");
        index.update(courier, "conn-2", position(here, Instant.now()));
        assertThat(index.record(courier)).doesNotContainKey("unbeaconed");
    }

    private static DriverPosition position(GeoPoint at, Instant when) {
        return new DriverPosition(at.latitude(), at.longitude(), null, null, when);
    }
}
