package io.ridewire.local.matching;

import io.micronaut.json.tree.JsonNode;
import io.ridewire.drivers.DriverPool;
import io.ridewire.identity.Role;
import io.ridewire.local.LocalStack;
import io.ridewire.local.testing.TestStacks;
import io.ridewire.local.testing.WsClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static io.ridewire.local.matching.Riders.answer;
import static io.ridewire.local.matching.Riders.northOfPickup;
import static io.ridewire.local.matching.Riders.request;
import static io.ridewire.local.testing.WsClient.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** match.request → match.proposal → match.accept (both) → match.confirmed, through the gateway emulator. */
class MatchFlowTest {
    private final LocalStack stack = TestStacks.shared();
    private final Riders riders = new Riders(stack);
    private final DriverPool pool = stack.context().getBean(DriverPool.class);

    @Test
    void request_proposesTheNearestDriver_andBothAcceptingConfirms() {
        String driverId = Riders.id("driver");
        String passengerId = Riders.id("passenger");
        try (WsClient driver = riders.driverOn(driverId, northOfPickup(0.3), Riders.PICKUP_LON, "motorcycle");
             WsClient passenger = riders.connect(Role.PASSENGER, passengerId)) {
            Instant sent = Instant.now();
            passenger.send(request());
            JsonNode proposal = passenger.await("match.proposal");
            assertThat(text(proposal, "id")).isEqualTo("r-1");
            assertThat(text(proposal, "ack_required")).isEqualTo("true");
            String matchId = text(proposal, "payload.match_id");
            assertThat(text(proposal, "payload.driver_id")).isEqualTo(driverId);
            assertThat(text(proposal, "payload.passenger_id")).isEqualTo(passengerId);
            assertThat(text(proposal, "payload.pickup_location.address")).isEqualTo("Jl. Sudirman No. 1, Jakarta");
            assertThat(proposal.get("payload").get("estimated_distance_km").getDoubleValue()).isEqualTo(2.13);
            assertThat(proposal.get("payload").get("estimated_fare").getLongValue()).isEqualTo(6390);
            assertThat(proposal.get("payload").get("estimated_duration_minutes").getIntValue()).isEqualTo(7);
            assertThat(text(proposal, "payload.driver_info.vehicle_type")).isEqualTo("motorcycle");
            assertThat(text(proposal, "payload.driver_info.name")).isEqualTo("Driver");
            assertThat(proposal.get("payload").get("driver_info").get("rating").getDoubleValue()).isEqualTo(4.8);
            Instant expiresAt = Instant.parse(text(proposal, "payload.expires_at"));
            assertThat(Duration.between(sent, expiresAt).toSeconds()).isBetween(25L, 31L);

            JsonNode driverProposal = driver.await("match.proposal");
            assertThat(text(driverProposal, "payload.match_id")).isEqualTo(matchId);
            assertThat(pool.isIndexed(driverId)).as("a proposed driver is out of the pool").isFalse();

            driver.send(answer("match.accept", matchId, "driver"));
            passenger.assertNone("match.confirmed", Duration.ofMillis(300));
            passenger.send(answer("match.accept", matchId, "passenger"));

            JsonNode confirmed = passenger.await("match.confirmed");
            JsonNode driverConfirmed = driver.await("match.confirmed");
            assertThat(text(driverConfirmed, "payload.match_id")).isEqualTo(matchId);
            assertThat(text(confirmed, "payload.driver_id")).isEqualTo(driverId);
            assertThat(text(confirmed, "payload.driver_info.phone")).isEqualTo("+628123456789");
            assertThat(text(confirmed, "payload.driver_info.license_plate")).isNotBlank();
            assertThat(confirmed.get("payload").get("driver_info").get("current_location").get("latitude").getDoubleValue())
                    .isCloseTo(northOfPickup(0.3), within(1e-9));
            assertThat(text(confirmed, "payload.passenger_info.name")).isEqualTo("Jane Passenger");
            assertThat(text(confirmed, "payload.passenger_info.phone")).isEqualTo("+628987654321");
            assertThat(confirmed.get("payload").get("estimated_pickup_time_minutes").getIntValue()).isEqualTo(1);
            assertThat(text(confirmed, "payload.confirmed_at")).isNotBlank();
            assertThat(pool.record(driverId)).containsEntry("state", "assigned").containsEntry("match", matchId);
            assertThat(pool.isIndexed(driverId)).isFalse();
        }
    }
}
