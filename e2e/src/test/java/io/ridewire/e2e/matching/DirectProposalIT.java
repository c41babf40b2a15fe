package io.ridewire.e2e.matching;

import io.ridewire.e2e.fixtures.Riders;

import io.ridewire.e2e.fixtures.Spot;

import io.micronaut.json.tree.JsonNode;
import io.ridewire.model.identity.Role;
import io.ridewire.local.LocalStack;
import io.ridewire.local.testing.TestStacks;
import io.ridewire.local.testing.WsClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.ridewire.e2e.fixtures.Riders.answer;
import static io.ridewire.e2e.fixtures.Riders.request;
import static io.ridewire.local.testing.WsClient.text;
import static org.assertj.core.api.Assertions.assertThat;

/** With durable proposals off, a proposal is pushed once, asks for no ack, and matching works the same. */
class DirectProposalIT {

    @Test
    void proposalPushedOnce_withoutSeqOrAck_stillLeadsToAConfirmation() {
        try (LocalStack stack = TestStacks.start(b -> b.property("ridewire.matching.durable-proposals", "false"))) {
            Riders riders = new Riders(stack);
            Spot spot = Spot.random();
            try (WsClient driver = riders.driverOn(Riders.id("driver"), spot.north(0.5), "motorcycle");
                 WsClient passenger = riders.connect(Role.PASSENGER, Riders.id("passenger"))) {
                passenger.send(request(spot, Riders.MOTORCYCLE_PREFERENCES));
                JsonNode proposal = passenger.await("match.proposal");
                JsonNode pushed = driver.await("match.proposal");
                String matchId = text(proposal, "payload.match_id");
                for (JsonNode copy : new JsonNode[] {proposal, pushed}) {
                    assertThat(text(copy, "seq")).isNull();
                    assertThat(text(copy, "ack_required")).isNull();
                    assertThat(text(copy, "id")).isEqualTo("match.proposal:" + matchId + ":1");
                }
                driver.assertNone("match.proposal", Duration.ofSeconds(3));
                driver.send(answer("match.accept", matchId, "driver"));
                assertThat(text(passenger.await("match.confirmed"), "payload.match_id")).isEqualTo(matchId);
                assertThat(text(driver.await("match.confirmed"), "payload.match_id")).isEqualTo(matchId);
            }
        }
    }
}
