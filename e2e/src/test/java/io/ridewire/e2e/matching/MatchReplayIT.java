package io.ridewire.e2e.matching;

import io.micronaut.json.tree.JsonNode;
import io.ridewire.e2e.fixtures.Riders;
import io.ridewire.e2e.fixtures.Spot;
import io.ridewire.local.LocalStack;
import io.ridewire.local.testing.TestStacks;
import io.ridewire.local.testing.WsClient;
import io.ridewire.model.identity.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.ridewire.e2e.fixtures.Riders.answer;
import static io.ridewire.e2e.fixtures.Riders.request;
import static io.ridewire.local.testing.WsClient.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A party whose connection was down when their match was confirmed or cancelled gets the event by {@code sync} on
 * reconnecting, once: match.confirmed and match.cancelled go through durable delivery, with a {@code seq}.
 */
class MatchReplayIT {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final LocalStack stack = TestStacks.shared();
    private final Riders riders = new Riders(stack);
    private final List<WsClient> open = new ArrayList<>();

    @AfterEach
    void close() {
        open.forEach(WsClient::close);
    }

    @Test
    void aPassengerAwayWhenTheDriverAccepts_getsMatchConfirmedBySync() {
        Spot spot = Spot.random();
        String driverId = Riders.id("driver");
        String passengerId = Riders.id("passenger");
        WsClient driver = keep(riders.driverOn(driverId, spot.north(0.5), "motorcycle"));
        WsClient passenger = riders.connect(Role.PASSENGER, passengerId);
        JsonNode proposal = proposed(passenger, driver, spot);
        String matchId = text(proposal, "payload.match_id");
        String seen = text(proposal, "seq");
        passenger.close();

        driver.send(answer("match.accept", matchId, "driver"));
        JsonNode toDriver = Riders.awaitFor(driver, "match.confirmed", matchId, WAIT);
        assertThat(text(toDriver, "seq")).as("the driver's copy is durable too").isNotBlank();

        List<JsonNode> replayed = syncAfter(passengerId, seen, "match.confirmed");
        assertThat(replayed).extracting(m -> text(m, "payload.match_id")).containsExactly(matchId);
        assertThat(text(replayed.get(0), "payload.driver_id")).isEqualTo(driverId);
    }

    @Test
    void aPassengerAwayWhenTheDriverCancels_getsMatchCancelledBySync() {
        Spot spot = Spot.random();
        String driverId = Riders.id("driver");
        String passengerId = Riders.id("passenger");
        WsClient driver = keep(riders.driverOn(driverId, spot.north(0.5), "motorcycle"));
        WsClient passenger = riders.connect(Role.PASSENGER, passengerId);
        String matchId = text(proposed(passenger, driver, spot), "payload.match_id");
        driver.send(answer("match.accept", matchId, "driver"));
        String seen = text(Riders.awaitFor(passenger, "match.confirmed", matchId, WAIT), "seq");
        passenger.close();

        driver.send(MatchCancelIT.cancel(matchId, "\"Flat tyre\""));
        Riders.awaitFor(driver, "match.cancelled", matchId, WAIT);

        List<JsonNode> replayed = syncAfter(passengerId, seen, "match.cancelled");
        assertThat(replayed).extracting(m -> text(m, "payload.match_id")).containsExactly(matchId);
        assertThat(text(replayed.get(0), "payload.cancelled_by")).isEqualTo("driver");
        assertThat(text(replayed.get(0), "payload.message")).isEqualTo("Flat tyre");
    }

    /** match.request from the spot → the passenger's proposal, acknowledged by both so it is not sent again. */
    private static JsonNode proposed(WsClient passenger, WsClient driver, Spot spot) {
        passenger.send(request(spot, Riders.MOTORCYCLE_PREFERENCES));
        JsonNode proposal = passenger.await("match.proposal");
        ack(passenger, proposal);
        ack(driver, Riders.awaitFor(driver, "match.proposal", text(proposal, "payload.match_id"), WAIT));
        return proposal;
    }

    /** Reconnects the user, syncs after {@code seen} and returns the replayed events of {@code type}. */
    private List<JsonNode> syncAfter(String userId, String seen, String type) {
        WsClient back = keep(riders.connect(Role.PASSENGER, userId));
        back.send("{\"type\":\"sync\",\"id\":\"s-1\",\"payload\":{\"since\":" + seen + "}}");
        back.await("sync.completed");
        return back.drain().stream().filter(m -> type.equals(text(m, "type"))).toList();
    }

    private static void ack(WsClient client, JsonNode event) {
        client.send("{\"type\":\"ack\",\"payload\":{\"id\":\"" + text(event, "id") + "\"}}");
    }

    private WsClient keep(WsClient client) {
        open.add(client);
        return client;
    }
}
