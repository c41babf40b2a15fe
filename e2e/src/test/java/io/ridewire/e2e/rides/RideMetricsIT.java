package io.ridewire.e2e.rides;

import io.ridewire.e2e.fixtures.RideFixtures;

import io.ridewire.e2e.fixtures.Point;
import io.ridewire.e2e.fixtures.RideStacks;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.ridewire.model.identity.Role;
import io.ridewire.local.LocalStack;
import io.ridewire.local.testing.Eventually;
import io.ridewire.local.testing.WsClient;
import io.ridewire.functions.observability.RouteMetrics;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.ridewire.e2e.fixtures.RideFixtures.id;
import static org.assertj.core.api.Assertions.assertThat;

/** After a ride from request to arrival, the metrics name every route it used, with counts, and the pushes. */
class RideMetricsIT {
    private final LocalStack stack = RideStacks.shared();
    private final RideFixtures rides = new RideFixtures(stack);
    private final MeterRegistry registry = stack.context().getBean(MeterRegistry.class);

    @Test
    void aRideFlow_isCountedPerRoute_andItsPushesByOutcome() {
        List<String> routes = List.of("match.request", "match.accept", "ride.start", "location.update", "ride.arrived");
        long[] before = routes.stream().mapToLong(this::handled).toArray();
        double deliveredBefore = delivered();
        Point pickup = Point.random();
        try (WsClient driver = rides.driverOn(id("driver"), pickup);
             WsClient passenger = rides.connect(Role.PASSENGER, id("passenger"))) {
            rides.completedOneKmRide(driver, passenger, pickup);
        }
        // a route is counted when its handler returns, which may be just after the pushes it made arrived
        Eventually.until(() -> handled("ride.arrived") > before[4]);
        for (int i = 0; i < routes.size(); i++) {
            assertThat(handled(routes.get(i)) - before[i]).as("%s handled", routes.get(i)).isPositive();
        }
        assertThat(handled("location.update")).as("two fixes at least").isGreaterThanOrEqualTo(before[3] + 2);
        assertThat(delivered() - deliveredBefore).as("pushes delivered: proposal, confirmation, start, progress, "
                + "completion to both").isGreaterThanOrEqualTo(6);
        Timer lag = registry.find(RouteMetrics.DELIVERY_LAG).tag("route", "location.update").timer();
        assertThat(lag).isNotNull();
        assertThat(lag.count()).isPositive();
    }

    private long handled(String route) {
        return registry.find(RouteMetrics.LATENCY).tag("route", route).tag("outcome", "ok").timers().stream()
                .mapToLong(Timer::count).sum();
    }

    private double delivered() {
        var counter = registry.find(RouteMetrics.PUSHES).tag("outcome", "delivered").counter();
        return counter == null ? 0 : counter.count();
    }
}
