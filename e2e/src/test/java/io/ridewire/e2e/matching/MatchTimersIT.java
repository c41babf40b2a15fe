package io.ridewire.e2e.matching;

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
import java.time.Instant;

import static io.ridewire.e2e.fixtures.Riders.answer;
import static io.ridewire.e2e.fixtures.Riders.request;
import static io.ridewire.local.testing.WsClient.text;
import static org.assertj.core.api.Assertions.assertThat;

/** Proposal expiry and max_wait, on a stack whose proposals expire after 2 s. */
class MatchTimersIT {
    private static final Duration PROPOSAL_TIMEOUT = Duration.ofSeconds(2);
    /** How late a timer may fire on this shared, busy machine (the poller looks every 100 ms). */
    private static final Duration LATENESS = Duration.ofMillis(1500);
    private static LocalStack stack;
    private static Riders riders;

    @BeforeAll
    static void start() {
        stack = TestStacks.start(b -> b.property("ridewire.matching.proposal-timeout", "2s"));
        riders = new Riders(stack);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void unansweredProposal_expires_andTheNextNearestDriverIsProposed() {
        Spot spot = Spot.random();
        String first = Riders.id("first");
        String second = Riders.id("second");
        try (WsClient d1 = riders.driverOn(first, spot.north(0.5), "motorcycle");
             WsClient d2 = riders.driverOn(second, spot.north(1.5), "motorcycle");
             WsClient passenger = riders.connect(Role.PASSENGER, Riders.id("passenger"))) {
            passenger.send(request(spot, Riders.MOTORCYCLE_PREFERENCES));
            JsonNode proposal = passenger.await("match.proposal");
            String matchId = text(proposal, "payload.match_id");
            Instant expiresAt = Instant.parse(text(proposal, "payload.expires_at"));
            assertThat(text(d1.await("match.proposal"), "payload.match_id")).isEqualTo(matchId);

            JsonNode next = d2.await("match.proposal", Duration.ofSeconds(10));
            Instant nextAt = Instant.now();
            assertThat(text(next, "payload.match_id")).isEqualTo(matchId);
            assertThat(nextAt).isAfterOrEqualTo(expiresAt.minusMillis(50)).isBefore(expiresAt.plus(LATENESS));
            assertThat(text(Riders.awaitProposalOf(passenger, second), "payload.match_id")).isEqualTo(matchId);

            JsonNode withdrawn = d1.await("match.cancelled");
            assertThat(text(withdrawn, "payload.match_id")).isEqualTo(matchId);
            assertThat(text(withdrawn, "payload.reason")).isEqualTo("timeout");
            assertThat(text(withdrawn, "payload.cancelled_by")).isEqualTo("system");
            BeaconIT.assertRefused(d1, answer("match.accept", matchId, "driver"), "match_id", "CONFLICT");
            assertThat(stack.context().getBean(DriverIndex.class).isIndexed(first)).isTrue();

            d2.send(answer("match.accept", matchId, "driver"));
            assertThat(text(passenger.await("match.confirmed"), "payload.driver_id")).isEqualTo(second);
        }
    }

    @Test
    void acceptingAfterExpiresAt_isAConflict_evenBeforeTheTimerRan() {
        Spot spot = Spot.random();
        try (WsClient driver = riders.driverOn(Riders.id("driver"), spot.north(0.5), "motorcycle");
             WsClient passenger = riders.connect(Role.PASSENGER, Riders.id("passenger"))) {
            passenger.send(request(spot, Riders.MOTORCYCLE_PREFERENCES));
            String matchId = text(passenger.await("match.proposal"), "payload.match_id");
            JsonNode cancelled = Riders.awaitFor(passenger, "match.cancelled", matchId, Duration.ofSeconds(10));
            assertThat(text(cancelled, "payload.reason")).as("nobody left after the only driver").isEqualTo("driver_unavailable");
            BeaconIT.assertRefused(driver, answer("match.accept", matchId, "driver"), "match_id", "CONFLICT");
            passenger.assertNone("match.confirmed", Duration.ofMillis(300));
        }
    }

    @Test
    void maxWait_cancelsTheMatchWithTimeout_andFreesTheProposedDriver() {
        Spot spot = Spot.random();
        String first = Riders.id("first");
        String second = Riders.id("second");
        String third = Riders.id("third");
        try (WsClient d1 = riders.driverOn(first, spot.north(0.5), "motorcycle");
             WsClient d2 = riders.driverOn(second, spot.north(1.0), "motorcycle");
             WsClient d3 = riders.driverOn(third, spot.north(1.5), "motorcycle");
             WsClient passenger = riders.connect(Role.PASSENGER, Riders.id("passenger"))) {
            Instant requested = Instant.now();
            // 0.05 min = 3 s: the first proposal expires at 2 s, the second is pending when the wait runs out
            passenger.send(request(spot, "{\"vehicle_type\":\"motorcycle\",\"max_wait_minutes\":0.05}"));
            String matchId = text(passenger.await("match.proposal"), "payload.match_id");
            d2.await("match.proposal", Duration.ofSeconds(10));

            JsonNode cancelled = Riders.awaitFor(passenger, "match.cancelled", matchId, Duration.ofSeconds(10));
            Instant cancelledAt = Instant.now();
            assertThat(text(cancelled, "payload.reason")).isEqualTo("timeout");
            assertThat(text(cancelled, "payload.cancelled_by")).isEqualTo("system");
            assertThat(Duration.between(requested, cancelledAt)).isBetween(Duration.ofMillis(2900),
                    Duration.ofSeconds(3).plus(LATENESS));
            assertThat(text(d2.await("match.cancelled"), "payload.reason")).isEqualTo("timeout");
            d3.assertNone("match.proposal", Duration.ofMillis(300));
            assertThat(stack.context().getBean(DriverIndex.class).isIndexed(second)).isTrue();
            BeaconIT.assertRefused(passenger, answer("match.accept", matchId, "passenger"), "match_id", "CONFLICT");
        }
    }
}
