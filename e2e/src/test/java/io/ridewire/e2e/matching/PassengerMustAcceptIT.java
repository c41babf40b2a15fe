package io.ridewire.e2e.matching;

import io.ridewire.e2e.fixtures.Riders;

import io.ridewire.e2e.fixtures.Spot;

import io.micronaut.json.tree.JsonNode;
import io.ridewire.model.identity.Role;
import io.ridewire.local.LocalStack;
import io.ridewire.local.testing.TestStacks;
import io.ridewire.local.testing.WsClient;
import io.ridewire.model.matching.MatchState;
import io.ridewire.functions.matching.Matchmaker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.ridewire.e2e.fixtures.Riders.answer;
import static io.ridewire.e2e.fixtures.Riders.request;
import static io.ridewire.local.testing.WsClient.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code ridewire.matching.passenger-must-accept} on, a proposal is confirmed only once the driver and the
 * passenger have both sent {@code match.accept}, in either order, and exactly once when they race.
 */
class PassengerMustAcceptIT {
    private static LocalStack stack;
    private static Riders riders;

    @BeforeAll
    static void start() {
        stack = TestStacks.start(b -> b.property("ridewire.matching.passenger-must-accept", "true"));
        riders = new Riders(stack);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void theDriversAccept_waitsForThePassengers_thenBothAreConfirmed() {
        Spot spot = Spot.random();
        String driverId = Riders.id("driver");
        try (WsClient driver = riders.driverOn(driverId, spot.north(0.3), "motorcycle");
             WsClient passenger = riders.connect(Role.PASSENGER, Riders.id("passenger"))) {
            passenger.send(request(spot, Riders.MOTORCYCLE_PREFERENCES));
            String matchId = text(passenger.await("match.proposal"), "payload.match_id");
            driver.await("match.proposal");

            driver.send(answer("match.accept", matchId, "driver"));
            passenger.assertNone("match.confirmed", Duration.ofMillis(300));
            driver.assertNone("match.confirmed", Duration.ZERO);
            assertThat(stateOf(matchId)).isInstanceOf(MatchState.Proposed.class);
            passenger.send(answer("match.accept", matchId, "passenger"));

            assertThat(text(passenger.await("match.confirmed"), "payload.driver_id")).isEqualTo(driverId);
            assertThat(text(driver.await("match.confirmed"), "payload.match_id")).isEqualTo(matchId);
            assertThat(stateOf(matchId)).isInstanceOf(MatchState.Confirmed.class);
        }
    }

    @Test
    void thePassengersAcceptFirst_isConfirmedByTheDriversAccept() {
        Spot spot = Spot.random();
        try (WsClient driver = riders.driverOn(Riders.id("driver"), spot.north(0.3), "motorcycle");
             WsClient passenger = riders.connect(Role.PASSENGER, Riders.id("passenger"))) {
            passenger.send(request(spot, Riders.MOTORCYCLE_PREFERENCES));
            String matchId = text(passenger.await("match.proposal"), "payload.match_id");
            passenger.send(answer("match.accept", matchId, "passenger"));
            driver.assertNone("match.confirmed", Duration.ofMillis(300));
            driver.send(answer("match.accept", matchId, "driver"));
            assertThat(text(driver.await("match.confirmed"), "payload.match_id")).isEqualTo(matchId);
            assertThat(text(passenger.await("match.confirmed"), "payload.match_id")).isEqualTo(matchId);
        }
    }

    @Test
    void bothAcceptingAtTheSameInstant_confirmsExactlyOnce_everyRound() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (int round = 1; round <= 5; round++) {
                Spot spot = Spot.random();
                try (WsClient driver = riders.driverOn(Riders.id("driver-" + round), spot.north(0.3), "motorcycle");
                     WsClient passenger = riders.connect(Role.PASSENGER, Riders.id("passenger-" + round))) {
                    passenger.send(request(spot, Riders.MOTORCYCLE_PREFERENCES));
                    String matchId = text(passenger.await("match.proposal"), "payload.match_id");
                    driver.await("match.proposal");
                    CyclicBarrier together = new CyclicBarrier(2);
                    Future<?> a = threads.submit(() -> {
                        together.await(10, TimeUnit.SECONDS);
                        driver.send(answer("match.accept", matchId, "driver"));
                        return null;
                    });
                    Future<?> b = threads.submit(() -> {
                        together.await(10, TimeUnit.SECONDS);
                        passenger.send(answer("match.accept", matchId, "passenger"));
                        return null;
                    });
                    a.get(30, TimeUnit.SECONDS);
                    b.get(30, TimeUnit.SECONDS);
                    JsonNode confirmed = Riders.awaitFor(passenger, "match.confirmed", matchId, Duration.ofSeconds(10));
                    Riders.awaitFor(driver, "match.confirmed", matchId, Duration.ofSeconds(10));
                    assertThat(text(confirmed, "payload.match_id")).as("round %d", round).isEqualTo(matchId);
                    passenger.assertNone("match.confirmed", Duration.ofMillis(300));
                    driver.assertNone("match.confirmed", Duration.ZERO);
                    passenger.assertNone("error.validation", Duration.ZERO);
                    driver.assertNone("error.validation", Duration.ZERO);
                }
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private static MatchState stateOf(String matchId) {
        return stack.context().getBean(Matchmaker.class).find(matchId).orElseThrow().state();
    }
}
