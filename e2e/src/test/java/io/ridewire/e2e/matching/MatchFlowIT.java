package io.ridewire.e2e.matching;

import io.ridewire.e2e.fixtures.Riders;

import io.ridewire.e2e.fixtures.Nats;
import io.ridewire.e2e.fixtures.Spot;

import io.micronaut.json.tree.JsonNode;
import io.ridewire.functions.drivers.DriverIndex;
import io.ridewire.model.identity.Role;
import io.ridewire.local.LocalStack;
import io.ridewire.local.testing.TestStacks;
import io.ridewire.local.testing.WsClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static io.ridewire.e2e.fixtures.Riders.answer;
import static io.ridewire.e2e.fixtures.Riders.request;
import static io.ridewire.local.testing.WsClient.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * match.request → match.proposal → the driver's match.accept → match.confirmed to both, through the gateway emulator
 * (the passenger's own accept, needed only with {@code passenger-must-accept}, is in {@link PassengerMustAcceptIT}).
 */
class MatchFlowIT {
    private final LocalStack stack = TestStacks.shared();
    private final Riders riders = new Riders(stack);
    private final DriverIndex pool = stack.context().getBean(DriverIndex.class);

    @Test
    void request_proposesTheNearestDriver_andTheDriversAcceptAloneConfirms() {
        String driverId = Riders.id("driver");
        String passengerId = Riders.id("passenger");
        try (WsClient driver = riders.driverOn(driverId, Spot.SPEC_PICKUP.north(0.3), "motorcycle");
             WsClient passenger = riders.connect(Role.PASSENGER, passengerId)) {
            Instant sent = Instant.now();
            passenger.send(request(Spot.SPEC_PICKUP, Spot.SPEC_DESTINATION, Riders.MOTORCYCLE_PREFERENCES));
            JsonNode proposal = passenger.await("match.proposal");
            assertThat(text(proposal, "ack_required")).isEqualTo("true");
            assertThat(text(proposal, "seq")).as("a durable event").isNotBlank();
            String matchId = text(proposal, "payload.match_id");
            assertThat(text(proposal, "id")).isEqualTo("match.proposal:" + matchId + ":1");
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
            assertThat(text(driverProposal, "ack_required")).isEqualTo("true");
            passenger.send("{\"type\":\"ack\",\"payload\":{\"id\":\"" + text(proposal, "id") + "\"}}");
            passenger.assertNone("error.validation", Duration.ofMillis(200));
            assertThat(pool.isIndexed(driverId)).as("a proposed driver is out of the pool").isFalse();

            driver.send(answer("match.accept", matchId, "driver"));

            JsonNode confirmed = passenger.await("match.confirmed");
            JsonNode driverConfirmed = driver.await("match.confirmed");
            assertThat(text(driverConfirmed, "payload.match_id")).isEqualTo(matchId);
            assertThat(text(confirmed, "payload.driver_id")).isEqualTo(driverId);
            assertThat(text(confirmed, "payload.driver_info.phone")).isEqualTo("+628123456789");
            assertThat(text(confirmed, "payload.driver_info.license_plate")).isNotBlank();
            assertThat(confirmed.get("payload").get("driver_info").get("current_location").get("latitude").getDoubleValue())
                    .isCloseTo(Spot.SPEC_PICKUP.north(0.3).lat(), within(1e-9));
            assertThat(text(confirmed, "payload.passenger_info.name")).isEqualTo("Jane Passenger");
            assertThat(text(confirmed, "payload.passenger_info.phone")).isEqualTo("+628987654321");
            assertThat(confirmed.get("payload").get("estimated_pickup_time_minutes").getIntValue()).isEqualTo(1);
            assertThat(text(confirmed, "payload.confirmed_at")).isNotBlank();
            assertThat(pool.record(driverId)).containsEntry("state", "assigned").containsEntry("match", matchId);
            assertThat(pool.isIndexed(driverId)).isFalse();

            // an app that also sends the passenger's accept is not told off, and nothing is sent twice
            passenger.send(answer("match.accept", matchId, "passenger"));
            passenger.assertNone("error.validation", Duration.ofMillis(300));
            passenger.assertNone("match.confirmed", Duration.ZERO);
            driver.assertNone("match.confirmed", Duration.ZERO);
        }
    }

    @Test
    void theNearestDriverOfTheRequestedTypeWithinTheDistance_isProposed() {
        Spot spot = Spot.random();
        String car = Riders.id("car");
        String tooFar = Riders.id("too-far");
        String second = Riders.id("second");
        String nearest = Riders.id("nearest");
        try (WsClient c = riders.driverOn(car, spot.north(0.1), "car");
             WsClient f = riders.driverOn(tooFar, spot.north(6), "motorcycle");
             WsClient s = riders.driverOn(second, spot.east(2), "motorcycle");
             WsClient n = riders.driverOn(nearest, spot.north(1), "motorcycle");
             WsClient passenger = riders.connect(Role.PASSENGER, Riders.id("passenger"))) {
            passenger.send(request(spot, Riders.MOTORCYCLE_PREFERENCES));
            JsonNode proposal = passenger.await("match.proposal");
            assertThat(text(proposal, "payload.driver_id")).isEqualTo(nearest);
            n.await("match.proposal");
            c.assertNone("match.proposal", Duration.ZERO);
            s.assertNone("match.proposal", Duration.ZERO);
            f.assertNone("match.proposal", Duration.ZERO);
            assertThat(pool.isIndexed(car)).isTrue();
        }
    }

    @Test
    void driverReject_proposesTheNextNearest_andFreesTheRejectingDriver() {
        Spot spot = Spot.random();
        String first = Riders.id("first");
        String second = Riders.id("second");
        try (WsClient d1 = riders.driverOn(first, spot.north(0.5), "motorcycle");
             WsClient d2 = riders.driverOn(second, spot.north(1.5), "motorcycle");
             WsClient passenger = riders.connect(Role.PASSENGER, Riders.id("passenger"));
             Nats responses = new Nats(stack, "match.response")) {
            passenger.send(request(spot, Riders.MOTORCYCLE_PREFERENCES));
            String matchId = text(passenger.await("match.proposal"), "payload.match_id");
            d1.await("match.proposal");
            d1.send("{\"type\":\"match.reject\",\"id\":\"rej-1\",\"payload\":{\"match_id\":\"" + matchId
                    + "\",\"user_type\":\"driver\",\"reason\":\"too_far\"}}");
            JsonNode next = d2.await("match.proposal");
            assertThat(text(next, "payload.match_id")).isEqualTo(matchId);
            JsonNode passengerNext = Riders.awaitProposalOf(passenger, second);
            assertThat(text(passengerNext, "payload.driver_id")).isEqualTo(second);
            assertThat(pool.isIndexed(first)).as("the rejecting driver is available again").isTrue();
            d1.assertNone("match.cancelled", Duration.ofMillis(200));

            JsonNode response = responses.await(Nats.field("match_id", matchId), Duration.ofSeconds(5));
            assertThat(text(response, "data.response")).isEqualTo("rejected");
            assertThat(text(response, "data.reason")).isEqualTo("too_far");
            assertThat(text(response, "data.user_type")).isEqualTo("driver");
            assertThat(text(response, "data.user_id")).isEqualTo(first);
            assertThat(text(response, "correlation_id")).isEqualTo("rej-1");
        }
    }

    @Test
    void passengerReject_movesOnToTheNextDriver_andTellsTheFirstTheProposalIsOff() {
        Spot spot = Spot.random();
        String first = Riders.id("first");
        String second = Riders.id("second");
        try (WsClient d1 = riders.driverOn(first, spot.north(0.5), "motorcycle");
             WsClient d2 = riders.driverOn(second, spot.north(1.5), "motorcycle");
             WsClient passenger = riders.connect(Role.PASSENGER, Riders.id("passenger"))) {
            passenger.send(request(spot, Riders.MOTORCYCLE_PREFERENCES));
            String matchId = text(passenger.await("match.proposal"), "payload.match_id");
            passenger.send(answer("match.reject", matchId, "passenger"));
            JsonNode withdrawn = d1.await("match.cancelled");
            assertThat(text(withdrawn, "payload.match_id")).isEqualTo(matchId);
            assertThat(text(withdrawn, "payload.cancelled_by")).isEqualTo("passenger");
            assertThat(text(withdrawn, "payload.reason")).isEqualTo("user_cancelled");
            assertThat(text(d2.await("match.proposal"), "payload.match_id")).isEqualTo(matchId);
        }
    }

    @Test
    void noDriverNear_isAnsweredWithMatchCancelled_driverUnavailable() {
        try (WsClient passenger = riders.connect(Role.PASSENGER, Riders.id("passenger"));
             Nats requests = new Nats(stack, "match.request")) {
            passenger.send(request(Spot.random(), null));
            JsonNode cancelled = passenger.await("match.cancelled");
            assertThat(text(cancelled, "id")).isEqualTo("r-1");
            assertThat(text(cancelled, "payload.reason")).isEqualTo("driver_unavailable");
            assertThat(text(cancelled, "payload.cancelled_by")).isEqualTo("system");
            assertThat(text(cancelled, "payload.message")).isNotBlank();
            String matchId = text(cancelled, "payload.match_id");
            JsonNode published = requests.await(Nats.field("match_request_id", matchId), Duration.ofSeconds(5));
            assertThat(text(published, "correlation_id")).isEqualTo("r-1");
            assertThat(text(published, "data.preferences.max_distance_km")).isEqualTo("5.0");
            assertThat(text(published, "data.passenger_info.name")).isEqualTo("Jane Passenger");

            passenger.send(answer("match.accept", matchId, "passenger"));
            JsonNode error = passenger.await("error.validation");
            assertThat(text(error, "payload.code")).as("a cancelled match cannot be accepted").isEqualTo("CONFLICT");
        }
    }

    @Test
    void theLastCandidateRejecting_cancelsTheMatchForThePassenger() {
        Spot spot = Spot.random();
        String only = Riders.id("only");
        try (WsClient driver = riders.driverOn(only, spot.north(0.5), "motorcycle");
             WsClient passenger = riders.connect(Role.PASSENGER, Riders.id("passenger"))) {
            passenger.send(request(spot, Riders.MOTORCYCLE_PREFERENCES));
            String matchId = text(passenger.await("match.proposal"), "payload.match_id");
            driver.send(answer("match.reject", matchId, "driver"));
            JsonNode cancelled = Riders.awaitFor(passenger, "match.cancelled", matchId, Duration.ofSeconds(10));
            assertThat(text(cancelled, "payload.reason")).isEqualTo("driver_unavailable");
            assertThat(pool.isIndexed(only)).isTrue();
        }
    }

    @Test
    void invalidRequests_areRefusedWithFieldAndCode() {
        Spot spot = Spot.random();
        try (WsClient passenger = riders.connect(Role.PASSENGER, Riders.id("passenger"));
             WsClient driver = riders.connect(Role.DRIVER, Riders.id("driver"))) {
            BeaconIT.assertRefused(driver, request(spot, null), "type", "FORBIDDEN");
            BeaconIT.assertRefused(passenger, request(new Spot(100, 0), null), "pickup_location.latitude",
                    "INVALID_COORDINATES");
            BeaconIT.assertRefused(passenger, request(spot, new Spot(0, 200), null), "destination_location.longitude",
                    "INVALID_COORDINATES");
            BeaconIT.assertRefused(passenger, "{\"type\":\"match.request\",\"payload\":{\"pickup_location\":"
                    + "{\"latitude\":1,\"longitude\":1}}}", "destination_location", "REQUIRED");
            BeaconIT.assertRefused(passenger, request(spot, "{\"vehicle_type\":\"rocket\"}"),
                    "preferences.vehicle_type", "INVALID_VALUE");
            BeaconIT.assertRefused(passenger, request(spot, "{\"max_distance_km\":0}"),
                    "preferences.max_distance_km", "OUT_OF_RANGE");
            BeaconIT.assertRefused(passenger, request(spot, "{\"max_wait_minutes\":61}"),
                    "preferences.max_wait_minutes", "OUT_OF_RANGE");
            BeaconIT.assertRefused(passenger, request(spot, "{\"max_wait_minutes\":\"ten\"}"),
                    "preferences.max_wait_minutes", "INVALID_TYPE");
            BeaconIT.assertRefused(passenger, "{\"type\":\"match.accept\",\"payload\":{}}", "match_id", "REQUIRED");
            BeaconIT.assertRefused(passenger, answer("match.accept", "no-such-match", "passenger"), "match_id", "NOT_FOUND");
            BeaconIT.assertRefused(passenger, answer("match.accept", "no-such-match", "driver"), "user_type", "FORBIDDEN");
        }
        try (WsClient customer = riders.connect(Role.CUSTOMER, Riders.id("customer"))) {
            BeaconIT.assertRefused(customer, answer("match.accept", "m", "passenger"), "type", "FORBIDDEN");
        }
    }

    @Test
    void answeringSomeoneElsesProposal_isForbidden_andChangesNothing() {
        Spot spot = Spot.random();
        String driverId = Riders.id("driver");
        try (WsClient driver = riders.driverOn(driverId, spot.north(0.5), "motorcycle");
             WsClient passenger = riders.connect(Role.PASSENGER, Riders.id("passenger"));
             WsClient otherDriver = riders.driverOn(Riders.id("other"), Spot.random(), "motorcycle");
             WsClient otherPassenger = riders.connect(Role.PASSENGER, Riders.id("other-passenger"))) {
            passenger.send(request(spot, Riders.MOTORCYCLE_PREFERENCES));
            String matchId = text(passenger.await("match.proposal"), "payload.match_id");
            BeaconIT.assertRefused(otherDriver, answer("match.accept", matchId, "driver"), "match_id", "FORBIDDEN");
            BeaconIT.assertRefused(otherDriver, answer("match.reject", matchId, "driver"), "match_id", "FORBIDDEN");
            BeaconIT.assertRefused(otherPassenger, answer("match.accept", matchId, "passenger"), "match_id", "FORBIDDEN");
            BeaconIT.assertRefused(otherPassenger, answer("match.reject", matchId, "passenger"), "match_id", "FORBIDDEN");
            BeaconIT.assertRefused(driver, "{\"type\":\"match.reject\",\"payload\":{\"match_id\":\"" + matchId
                    + "\",\"reason\":\"bored\"}}", "reason", "INVALID_VALUE");
            BeaconIT.assertRefused(passenger, request(spot, Riders.MOTORCYCLE_PREFERENCES), "type", "CONFLICT");

            driver.send(answer("match.accept", matchId, "driver"));
            assertThat(text(driver.await("match.confirmed"), "payload.match_id")).isEqualTo(matchId);
            passenger.await("match.confirmed");
            BeaconIT.assertRefused(driver, answer("match.reject", matchId, "driver"), "match_id", "CONFLICT");
        }
    }

    @Test
    void anUnacknowledgedProposal_isSentAgain_untilTheProposalIsSettled() {
        Spot spot = Spot.random();
        try (WsClient driver = riders.driverOn(Riders.id("driver"), spot.north(0.5), "motorcycle");
             WsClient passenger = riders.connect(Role.PASSENGER, Riders.id("passenger"))) {
            passenger.send(request(spot, Riders.MOTORCYCLE_PREFERENCES));
            JsonNode first = driver.await("match.proposal");
            String matchId = text(first, "payload.match_id");
            JsonNode again = driver.await("match.proposal", Duration.ofSeconds(10));
            assertThat(text(again, "id")).isEqualTo(text(first, "id"));
            assertThat(text(again, "seq")).isEqualTo(text(first, "seq"));

            driver.send(answer("match.accept", matchId, "driver"));
            driver.await("match.confirmed");
            driver.drain();
            driver.assertNone("match.proposal", Duration.ofSeconds(5));
        }
    }

    @Test
    void endingTheBooking_putsTheDriverBackInThePool_andLetsThePassengerRequestAgain() {
        Spot spot = Spot.random();
        String driverId = Riders.id("driver");
        try (WsClient driver = riders.driverOn(driverId, spot.north(0.5), "motorcycle");
             WsClient passenger = riders.connect(Role.PASSENGER, Riders.id("passenger"))) {
            passenger.send(request(spot, Riders.MOTORCYCLE_PREFERENCES));
            String matchId = text(passenger.await("match.proposal"), "payload.match_id");
            driver.send(answer("match.accept", matchId, "driver"));
            passenger.await("match.confirmed");
            BeaconIT.assertRefused(passenger, request(spot, Riders.MOTORCYCLE_PREFERENCES), "type", "CONFLICT");

            var matchmaker = stack.context().getBean(io.ridewire.functions.matching.Matchmaker.class);
            assertThat(matchmaker.endBooking(matchId)).isTrue();
            assertThat(pool.isIndexed(driverId)).isTrue();
            passenger.send(request(spot, Riders.MOTORCYCLE_PREFERENCES));
            JsonNode next = Riders.awaitProposalOf(passenger, driverId);
            assertThat(text(next, "payload.match_id")).isNotEqualTo(matchId);
            assertThat(matchmaker.endBooking("no-such-match")).isFalse();
        }
    }
}
