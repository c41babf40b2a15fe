package io.ridewire.e2e.faults;

import io.micronaut.json.tree.JsonNode;
import io.ridewire.model.identity.Role;
import io.ridewire.local.LocalStack;
import io.ridewire.e2e.fixtures.Point;
import io.ridewire.e2e.fixtures.RideFixtures;
import io.ridewire.local.testing.Eventually;
import io.ridewire.local.testing.ServerProcess;
import io.ridewire.local.testing.TestStacks;
import io.ridewire.local.testing.WsClient;
import io.ridewire.model.matching.MatchState;
import io.ridewire.functions.matching.Matchmaker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.ridewire.e2e.fixtures.RideFixtures.ack;
import static io.ridewire.e2e.fixtures.RideFixtures.answer;
import static io.ridewire.e2e.fixtures.RideFixtures.id;
import static io.ridewire.local.testing.WsClient.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A driver's accept commits the booking and what it owes (the pool, the zones, {@code match.confirmed} to both
 * parties) in one transaction, through the outbox: with Redis killed just before the accept, the booking stands,
 * nobody is told anything half-done, and once Redis is back the deadline poller carries the effects out, once.
 */
class AcceptOutboxIT {
    private static ServerProcess redis;
    private static ServerProcess nats;
    private static LocalStack stack;

    @BeforeAll
    static void start() {
        redis = ServerProcess.redis();
        nats = ServerProcess.nats();
        stack = TestStacks.start(b -> b.redisUri(redis.redisUri()).natsUrl(nats.natsUrl())
                .property("ridewire.matching.proposal-timeout", "120s"));
    }

    @AfterAll
    static void stop() {
        stack.close();
        nats.close();
        redis.close();
    }

    @Test
    void redisDownWhenTheDriverAccepts_bookingStands_andBothPartiesAreToldOnceRedisIsBack() {
        RideFixtures rides = new RideFixtures(stack);
        Matchmaker matchmaker = stack.context().getBean(Matchmaker.class);
        Point pickup = Point.random();
        try (WsClient driver = rides.driverOn(id("driver"), pickup);
             WsClient passenger = rides.connect(Role.PASSENGER, id("passenger"))) {
            passenger.send(RideFixtures.request(pickup, pickup.north(2)));
            JsonNode proposal = passenger.await("match.proposal", Duration.ofSeconds(30));
            String matchId = text(proposal, "payload.match_id");
            ack(passenger, proposal);
            ack(driver, driver.await("match.proposal", Duration.ofSeconds(30)));

            redis.kill();
            try {
                driver.send(answer(matchId, "driver"));
                Eventually.until(() -> matchmaker.find(matchId).orElseThrow().state() instanceof MatchState.Confirmed,
                        Duration.ofSeconds(30));
                // the effects wait for Redis: nothing half-done is told meanwhile
                driver.assertNone("match.confirmed", Duration.ofSeconds(3));
                passenger.assertNone("match.confirmed", Duration.ZERO);
            } finally {
                redis.start();
            }

            JsonNode toDriver = driver.await("match.confirmed", Duration.ofSeconds(60));
            JsonNode toPassenger = passenger.await("match.confirmed", Duration.ofSeconds(30));
            assertThat(text(toDriver, "payload.match_id")).isEqualTo(matchId);
            assertThat(text(toDriver, "id")).as("a stable id the client dedupes by").isEqualTo(text(toPassenger, "id"))
                    .isEqualTo("match.confirmed:" + matchId);
            // once: the entry was removed after its run, no poller runs it again
            driver.assertNone("match.confirmed", Duration.ofSeconds(5));
            passenger.assertNone("match.confirmed", Duration.ZERO);

            // the booking's effects ran: the driver can start the ride
            driver.send(RideFixtures.start(matchId, pickup));
            JsonNode started = driver.await("ride.started", Duration.ofSeconds(30));
            assertThat(text(started, "payload.match_id")).isEqualTo(matchId);
        }
    }
}
