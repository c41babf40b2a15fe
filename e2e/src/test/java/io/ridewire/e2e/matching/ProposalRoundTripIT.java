package io.ridewire.e2e.matching;

import io.ridewire.e2e.fixtures.Riders;

import io.ridewire.e2e.fixtures.Spot;

import io.micronaut.json.tree.JsonNode;
import io.ridewire.functions.aws.DynamoCallCounter;
import io.ridewire.functions.delivery.DurableDelivery;
import io.ridewire.functions.delivery.Inbox;
import io.ridewire.functions.redis.RedisConnections;
import io.ridewire.model.identity.Role;
import io.ridewire.local.LocalStack;
import io.ridewire.local.testing.TestStacks;
import io.ridewire.local.testing.WsClient;
import io.ridewire.model.matching.payload.MatchCancelled;
import io.ridewire.model.protocol.EventType;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static io.ridewire.e2e.fixtures.Riders.request;
import static io.ridewire.local.testing.WsClient.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code match.request} → {@code match.proposal} writes once: the match, both booking locks and the proposal in
 * the driver's and the passenger's inboxes are one DynamoDB transaction, and each party's proposal carries the
 * next seq (and the epoch) of their own inbox; with one session per user it is pushed without reading either
 * party's session. Its own stack, so no other test's timers write meanwhile.
 */
class ProposalRoundTripIT {

    @Test
    void requestToProposal_isOneTransaction_andEachProposalTakesItsInboxsNextSeq() {
        try (LocalStack stack = TestStacks.start(b -> b.property("ridewire.matching.proposal-timeout", "10m"))) {
            Riders riders = new Riders(stack);
            DynamoCallCounter calls = stack.context().getBean(DynamoCallCounter.class);
            DurableDelivery delivery = stack.context().getBean(DurableDelivery.class);
            Spot spot = Spot.random();
            String passengerId = Riders.id("passenger");
            try (WsClient driver = riders.driverOn(Riders.id("driver"), spot.north(0.5), "motorcycle");
                 WsClient passenger = riders.connect(Role.PASSENGER, passengerId)) {
                String epoch = null;
                for (int i = 1; i <= 2; i++) { // the passenger's inbox is at seq 2, the driver's is empty
                    delivery.send(Inbox.user(passengerId), "earlier-" + i, EventType.MATCH_CANCELLED,
                            new MatchCancelled("m-" + i, "system", "timeout", null, Instant.now()));
                    epoch = text(passenger.await("match.cancelled"), "epoch");
                }
                Map<String, Long> before = calls.snapshot();

                passenger.send(request(spot, Riders.MOTORCYCLE_PREFERENCES));
                JsonNode toPassenger = passenger.await("match.proposal");
                JsonNode toDriver = driver.await("match.proposal");

                Map<String, Long> after = calls.snapshot();
                assertThat(after.getOrDefault("TransactWriteItems", 0L) - before.getOrDefault("TransactWriteItems", 0L))
                        .as("transactions before both proposals arrived").isEqualTo(1);
                assertThat(text(toPassenger, "seq")).isEqualTo("3");
                assertThat(text(toPassenger, "epoch")).as("the passenger's inbox keeps its epoch").isEqualTo(epoch);
                assertThat(text(toDriver, "epoch")).as("the driver's new inbox gets one").isNotBlank();
                assertThat(text(toDriver, "seq")).isEqualTo("1");
                assertThat(text(toDriver, "id")).isEqualTo(text(toPassenger, "id"));
                assertThat(text(toDriver, "ack_required")).isEqualTo("true");
            }
        }
    }

    @Test
    void withOneSessionPerUser_theProposalGoesStraightToBothPartiesConnections_withoutReadingTheirSessions() {
        try (LocalStack stack = TestStacks.start(b -> b.property("ridewire.matching.proposal-timeout", "10m"))) {
            Riders riders = new Riders(stack);
            DynamoCallCounter calls = stack.context().getBean(DynamoCallCounter.class);
            RedisConnections redis = stack.context().getBean(RedisConnections.class);
            Spot spot = Spot.random();
            String driverId = Riders.id("driver");
            String passengerId = Riders.id("passenger");
            try (WsClient driver = riders.driverOn(driverId, spot.north(0.5), "motorcycle");
                 WsClient passenger = riders.connect(Role.PASSENGER, passengerId)) {
                // as after a minute without pushes: neither party's Redis copy of their session is left
                redis.strings().orElseThrow().sync().del(redis.key("{session:" + driverId + "}"),
                        redis.key("{session:" + passengerId + "}"));
                Map<String, Long> before = calls.snapshot("match.request");

                passenger.send(request(spot, Riders.MOTORCYCLE_PREFERENCES));
                JsonNode toPassenger = passenger.await("match.proposal");
                driver.await("match.proposal");

                Map<String, Long> after = calls.snapshot("match.request");
                assertThat(after.getOrDefault("GetItem", 0L) - before.getOrDefault("GetItem", 0L))
                        .as("session reads on the way to the proposal").isZero();
                assertThat(text(toPassenger, "ack_required")).isEqualTo("true");
            }
        }
    }

    @Test
    void aDriverWhoReconnectedWithoutANewBeacon_getsTheProposalOnTheNewSocket() {
        // re-sends far off: what arrives is the first push, though the beacon came over the closed socket
        try (LocalStack stack = TestStacks.start(b -> b.property("ridewire.matching.proposal-timeout", "10m")
                .property("ridewire.delivery.redelivery-initial", "10m"))) {
            Riders riders = new Riders(stack);
            Spot spot = Spot.random();
            String driverId = Riders.id("driver");
            riders.driverOn(driverId, spot.north(0.5), "motorcycle").close();
            try (WsClient driver = riders.connect(Role.DRIVER, driverId);
                 WsClient passenger = riders.connect(Role.PASSENGER, Riders.id("passenger"))) {
                passenger.send(request(spot, Riders.MOTORCYCLE_PREFERENCES));

                JsonNode toPassenger = passenger.await("match.proposal");
                assertThat(text(driver.await("match.proposal"), "id")).isEqualTo(text(toPassenger, "id"));
            }
        }
    }
}
