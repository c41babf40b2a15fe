package io.ridewire.e2e.matching;

import io.ridewire.e2e.fixtures.Riders;

import io.ridewire.e2e.fixtures.Nats;
import io.ridewire.e2e.fixtures.Spot;

import io.micronaut.json.tree.JsonNode;
import io.ridewire.functions.aws.TableNames;
import io.ridewire.functions.deadlines.Deadlines;
import io.ridewire.functions.drivers.DriverIndex;
import io.ridewire.model.identity.Role;
import io.ridewire.local.LocalStack;
import io.ridewire.local.testing.Eventually;
import io.ridewire.local.testing.TestStacks;
import io.ridewire.local.testing.WsClient;
import io.ridewire.model.matching.Match;
import io.ridewire.model.matching.MatchState;
import io.ridewire.functions.matching.Matchmaker;
import io.ridewire.model.rides.Ride;
import io.ridewire.functions.rides.RideStore;
import io.ridewire.functions.rides.Rides;
import io.ridewire.deployment.TableCatalogue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 * match.cancel through the gateway emulator: the passenger withdraws a request or calls off a booking, the booked
 * driver calls off a booking; both parties are told, the driver is free again, and nothing else may cancel or
 * revive the match. Ends with cancellation racing the confirming accept.
 */
class MatchCancelIT {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final LocalStack stack = TestStacks.shared();
    private final Riders riders = new Riders(stack);
    private final DriverIndex pool = stack.context().getBean(DriverIndex.class);
    private final Matchmaker matchmaker = stack.context().getBean(Matchmaker.class);
    private final Deadlines deadlines = stack.context().getBean(Deadlines.class);
    private final DynamoDbClient dynamo = stack.context().getBean(DynamoDbClient.class);
    private final String matches = stack.context().getBean(TableNames.class).of(TableCatalogue.MATCHES);
    private final List<WsClient> open = new ArrayList<>();

    @AfterEach
    void close() {
        open.forEach(WsClient::close);
    }

    @Test
    void passengerCancel_ofAPendingProposal_tellsBoth_stopsTheTimers_andTheDriverIsProposableAgain() {
        Spot spot = Spot.random();
        String driverId = Riders.id("driver");
        String passengerId = Riders.id("passenger");
        WsClient driver = keep(riders.driverOn(driverId, spot.north(0.5), "motorcycle"));
        WsClient passenger = keep(riders.connect(Role.PASSENGER, passengerId));
        try (Nats cancellations = new Nats(stack, "match.cancelled")) {
            String matchId = requestProposal(passenger, driver, spot);
            // the request's timers are set once the proposal is out; wait for them so their cancelling is what is seen
            Eventually.until(() -> deadlines.dueAt("match.proposal:" + matchId).isPresent()
                    && deadlines.dueAt("match.max_wait:" + matchId).isPresent());

            passenger.send(cancel(matchId, "\"Changed my plans\""));
            for (WsClient party : List.of(passenger, driver)) {
                JsonNode cancelled = Riders.awaitFor(party, "match.cancelled", matchId, WAIT);
                assertThat(text(cancelled, "payload.cancelled_by")).isEqualTo("passenger");
                assertThat(text(cancelled, "payload.reason")).isEqualTo("user_cancelled");
                assertThat(text(cancelled, "payload.message")).isEqualTo("Changed my plans");
                assertThat(text(cancelled, "payload.cancelled_at")).isNotBlank();
            }
            JsonNode published = cancellations.await(Nats.field("match_id", matchId), WAIT);
            assertThat(text(published, "data.cancelled_by")).isEqualTo("passenger");
            assertThat(text(published, "data.reason")).isEqualTo("user_cancelled");
            assertThat(text(published, "data.driver_id")).isEqualTo(driverId);
            assertThat(text(published, "data.passenger_id")).isEqualTo(passengerId);
            assertThat(text(published, "correlation_id")).isEqualTo("c-1");

            assertThat(deadlines.dueAt("match.proposal:" + matchId)).as("proposal timer").isEmpty();
            assertThat(deadlines.dueAt("match.max_wait:" + matchId)).as("max_wait timer").isEmpty();
            assertFree(driverId);
            assertThat(lock("passenger#" + passengerId)).as("the passenger's lock").isEmpty();
            assertThat(stateOf(matchId)).isInstanceOf(MatchState.Cancelled.class);

            // the driver is proposed to the next passenger who asks
            WsClient next = keep(riders.connect(Role.PASSENGER, Riders.id("next")));
            next.send(request(spot, Riders.MOTORCYCLE_PREFERENCES));
            JsonNode proposal = Riders.awaitProposalOf(next, driverId);
            assertThat(text(proposal, "payload.match_id")).isNotEqualTo(matchId);
        }
    }

    @Test
    void passengerCancel_ofAConfirmedMatch_releasesTheBooking_andTheRideCannotStart() {
        Spot spot = Spot.random();
        String driverId = Riders.id("driver");
        String passengerId = Riders.id("passenger");
        WsClient driver = keep(riders.driverOn(driverId, spot.north(0.5), "motorcycle"));
        WsClient passenger = keep(riders.connect(Role.PASSENGER, passengerId));
        String matchId = confirmed(passenger, driver, spot);
        assertThat(lock("driver#" + driverId)).containsEntry("lock_state", AttributeValue.fromS("assigned"));

        passenger.send(cancel(matchId, null));
        for (WsClient party : List.of(passenger, driver)) {
            JsonNode cancelled = Riders.awaitFor(party, "match.cancelled", matchId, WAIT);
            assertThat(text(cancelled, "payload.cancelled_by")).isEqualTo("passenger");
            assertThat(text(cancelled, "payload.reason")).isEqualTo("user_cancelled");
            assertThat(text(cancelled, "payload.message")).as("the default message").isNotBlank();
        }
        assertFree(driverId);
        assertThat(lock("passenger#" + passengerId)).as("the passenger's booking").isEmpty();

        driver.send(RideStart.at(matchId, spot));
        JsonNode refused = driver.await("error.validation");
        assertThat(text(refused, "payload.field")).isEqualTo("match_id");
        assertThat(text(refused, "payload.code")).isEqualTo("CONFLICT");
        driver.assertNone("ride.started", Duration.ofMillis(200));
        passenger.assertNone("ride.started", Duration.ZERO);
        assertThat(stack.context().getBean(Rides.class).ride(Ride.idFor(matchId))).as("no ride").isEmpty();

        // a start that read the match while it was still confirmed is refused too, by the ride's own write
        Match match = matchmaker.find(matchId).orElseThrow();
        Ride late = new Ride(Ride.idFor(matchId), matchId, driverId, passengerId, match.pickup(), match.destination(),
                match.pickup(), 3000, java.math.BigDecimal.TEN, java.time.Instant.now(), null);
        var owed = stack.context().getBean(io.ridewire.functions.deadlines.Deadlines.class).put(
                new io.ridewire.functions.deadlines.Deadline("ride-started:" + late.rideId(), "ride.started",
                        java.time.Instant.now(), late.rideId() + "|0|-"));
        assertThat(stack.context().getBean(RideStore.class).create(late, owed))
                .isEqualTo(RideStore.Creation.MATCH_NOT_CONFIRMED);
        assertThat(stack.context().getBean(Rides.class).ride(Ride.idFor(matchId))).as("no ride").isEmpty();
    }

    @Test
    void driverCancel_ofAConfirmedMatch_tellsBoth_andFreesDriverAndPassenger() {
        Spot spot = Spot.random();
        String driverId = Riders.id("driver");
        WsClient driver = keep(riders.driverOn(driverId, spot.north(0.5), "motorcycle"));
        WsClient passenger = keep(riders.connect(Role.PASSENGER, Riders.id("passenger")));
        String matchId = confirmed(passenger, driver, spot);

        driver.send(cancel(matchId, "\"Flat tyre\""));
        for (WsClient party : List.of(passenger, driver)) {
            JsonNode cancelled = Riders.awaitFor(party, "match.cancelled", matchId, WAIT);
            assertThat(text(cancelled, "payload.cancelled_by")).isEqualTo("driver");
            assertThat(text(cancelled, "payload.reason")).isEqualTo("user_cancelled");
            assertThat(text(cancelled, "payload.message")).isEqualTo("Flat tyre");
        }
        assertFree(driverId);

        // the passenger may ask again at once, and the freed driver is the nearest
        passenger.send(request(spot, Riders.MOTORCYCLE_PREFERENCES));
        JsonNode again = Riders.awaitProposalOf(passenger, driverId);
        assertThat(text(again, "payload.match_id")).isNotEqualTo(matchId);
    }

    @Test
    void cancelBySomeoneElse_orInvalid_isRefused_andChangesNothing() {
        Spot spot = Spot.random();
        String driverId = Riders.id("driver");
        WsClient driver = keep(riders.driverOn(driverId, spot.north(0.5), "motorcycle"));
        WsClient passenger = keep(riders.connect(Role.PASSENGER, Riders.id("passenger")));
        WsClient otherDriver = keep(riders.connect(Role.DRIVER, Riders.id("other-driver")));
        WsClient otherPassenger = keep(riders.connect(Role.PASSENGER, Riders.id("other-passenger")));
        WsClient customer = keep(riders.connect(Role.CUSTOMER, Riders.id("customer")));
        String matchId = requestProposal(passenger, driver, spot);
        Match before = matchmaker.find(matchId).orElseThrow();

        BeaconIT.assertRefused(otherDriver, cancel(matchId, null), "match_id", "FORBIDDEN");
        BeaconIT.assertRefused(otherPassenger, cancel(matchId, null), "match_id", "FORBIDDEN");
        BeaconIT.assertRefused(customer, cancel(matchId, null), "type", "FORBIDDEN");
        BeaconIT.assertRefused(driver, cancel(matchId, null), "match_id", "CONFLICT"); // a proposal is rejected
        BeaconIT.assertRefused(passenger, cancel("no-such-match", null), "match_id", "NOT_FOUND");
        BeaconIT.assertRefused(passenger, "{\"type\":\"match.cancel\",\"payload\":{}}", "match_id", "REQUIRED");
        BeaconIT.assertRefused(passenger, cancel(matchId, "\"" + "x".repeat(201) + "\""), "reason", "INVALID_VALUE");
        BeaconIT.assertRefused(passenger, cancel(matchId, "42"), "reason", "INVALID_TYPE");
        assertThat(matchmaker.find(matchId).orElseThrow()).as("nothing changed").isEqualTo(before);
        passenger.assertNone("match.cancelled", Duration.ZERO);
        driver.assertNone("match.cancelled", Duration.ZERO);

        // 200 characters is allowed; the match was still open, so it can still be confirmed ... and then cancelled
        driver.send(answer("match.accept", matchId, "driver"));
        Riders.awaitFor(driver, "match.confirmed", matchId, WAIT);
        Riders.awaitFor(passenger, "match.confirmed", matchId, WAIT);
        BeaconIT.assertRefused(otherDriver, cancel(matchId, null), "match_id", "FORBIDDEN");
        String longest = "y".repeat(200);
        passenger.send(cancel(matchId, "\"" + longest + "\""));
        assertThat(text(Riders.awaitFor(driver, "match.cancelled", matchId, WAIT), "payload.message")).isEqualTo(longest);
    }

    @Test
    void cancellingTwice_isAConflict_andACancelledMatchCannotBeAccepted() {
        Spot spot = Spot.random();
        String driverId = Riders.id("driver");
        WsClient driver = keep(riders.driverOn(driverId, spot.north(0.5), "motorcycle"));
        WsClient passenger = keep(riders.connect(Role.PASSENGER, Riders.id("passenger")));
        String matchId = requestProposal(passenger, driver, spot);
        passenger.send(cancel(matchId, null));
        Riders.awaitFor(passenger, "match.cancelled", matchId, WAIT);
        Riders.awaitFor(driver, "match.cancelled", matchId, WAIT);

        BeaconIT.assertRefused(passenger, cancel(matchId, null), "match_id", "CONFLICT");
        BeaconIT.assertRefused(driver, cancel(matchId, null), "match_id", "CONFLICT");
        BeaconIT.assertRefused(driver, answer("match.accept", matchId, "driver"), "match_id", "CONFLICT");
        BeaconIT.assertRefused(passenger, answer("match.accept", matchId, "passenger"), "match_id", "CONFLICT");
        passenger.assertNone("match.confirmed", Duration.ofMillis(200));
        driver.assertNone("match.confirmed", Duration.ZERO);
        assertThat(stateOf(matchId)).isInstanceOf(MatchState.Cancelled.class);
        assertFree(driverId);
    }

    @Test
    void aMatchWhoseRideStarted_cannotBeCancelled_itsRideIs() {
        Spot spot = Spot.random();
        WsClient driver = keep(riders.driverOn(Riders.id("driver"), spot.north(0.05), "motorcycle"));
        WsClient passenger = keep(riders.connect(Role.PASSENGER, Riders.id("passenger")));
        String matchId = confirmed(passenger, driver, spot);
        driver.send(RideStart.at(matchId, spot));
        Riders.awaitFor(passenger, "ride.started", matchId, WAIT);

        BeaconIT.assertRefused(passenger, cancel(matchId, null), "match_id", "CONFLICT");
        BeaconIT.assertRefused(driver, cancel(matchId, null), "match_id", "CONFLICT");
        assertThat(stateOf(matchId)).isInstanceOf(MatchState.Confirmed.class);
        passenger.assertNone("match.cancelled", Duration.ofMillis(200));
    }

    /**
     * The passenger's cancellation and the driver's confirming accept arrive together. Whichever
     * is stored first, the end is the same: the match cancelled, both told so last, the driver free — and a
     * match.confirmed, if sent at all, reached both before their match.cancelled.
     */
    @Test
    void cancelRacingTheConfirmingAccept_alwaysEndsCancelled_withTheDriverFree_everyRound() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        int confirmedFirst = 0;
        try {
            for (int round = 1; round <= 10; round++) {
                Spot spot = Spot.random();
                String driverId = Riders.id("driver-" + round);
                String passengerId = Riders.id("passenger-" + round);
                WsClient driver = keep(riders.driverOn(driverId, spot.north(0.5), "motorcycle"));
                WsClient passenger = keep(riders.connect(Role.PASSENGER, passengerId));
                String matchId = requestProposal(passenger, driver, spot);

                CyclicBarrier together = new CyclicBarrier(2);
                Future<?> cancelling = threads.submit(() -> {
                    together.await(10, TimeUnit.SECONDS);
                    passenger.send(cancel(matchId, null));
                    return null;
                });
                Future<?> accepting = threads.submit(() -> {
                    together.await(10, TimeUnit.SECONDS);
                    driver.send(answer("match.accept", matchId, "driver"));
                    return null;
                });
                cancelling.get(30, TimeUnit.SECONDS);
                accepting.get(30, TimeUnit.SECONDS);

                List<String> passengerSaw = untilCancelled(passenger, matchId);
                List<String> driverSaw = untilCancelled(driver, matchId);
                String what = String.format(Locale.ROOT, "round %d: passenger saw %s, driver saw %s", round,
                        passengerSaw, driverSaw);
                assertThat(passengerSaw.contains("match.confirmed")).as(what).isEqualTo(driverSaw.contains("match.confirmed"));
                passenger.assertNone("match.confirmed", Duration.ofMillis(300));
                driver.assertNone("match.confirmed", Duration.ZERO);
                if (passengerSaw.contains("match.confirmed")) {
                    confirmedFirst++;
                    driver.assertNone("error.validation", Duration.ZERO);
                } else {
                    // stored after the cancellation: refused; or stored first, its confirmation skipped once the
                    // cancellation landed (BookingEffects), so nobody was told of it: no answer, which is success
                    JsonNode refused = driver.poll(m -> "error.validation".equals(text(m, "type")), Duration.ofSeconds(2));
                    if (refused != null) {
                        assertThat(text(refused, "payload.code")).as(what + ": the accept came too late")
                                .isEqualTo("CONFLICT");
                    }
                }
                MatchState state = stateOf(matchId);
                assertThat(state).as(what).isInstanceOf(MatchState.Cancelled.class);
                assertThat(((MatchState.Cancelled) state).cancelledBy()).isEqualTo("passenger");
                assertFree(driverId);
                assertThat(lock("passenger#" + passengerId)).as(what).isEmpty();
            }
        } finally {
            threads.shutdownNow();
        }
        System.out.printf("match.cancel vs confirming accept: confirmed then cancelled in %d of 10 rounds%n",
                confirmedFirst);
    }

    /** A booking's cancellation and its ride's start racing: exactly one of them takes effect, every round. */
    @Test
    void cancelRacingTheRideStart_exactlyOneWins_everyRound() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        Rides rides = stack.context().getBean(Rides.class);
        int started = 0;
        try {
            for (int round = 1; round <= 5; round++) {
                Spot spot = Spot.random();
                String driverId = Riders.id("driver-" + round);
                WsClient driver = keep(riders.driverOn(driverId, spot.north(0.05), "motorcycle"));
                WsClient passenger = keep(riders.connect(Role.PASSENGER, Riders.id("passenger-" + round)));
                String matchId = confirmed(passenger, driver, spot);

                CyclicBarrier together = new CyclicBarrier(2);
                Future<?> cancelling = threads.submit(() -> {
                    together.await(10, TimeUnit.SECONDS);
                    passenger.send(cancel(matchId, null));
                    return null;
                });
                Future<?> starting = threads.submit(() -> {
                    together.await(10, TimeUnit.SECONDS);
                    driver.send(RideStart.at(matchId, spot));
                    return null;
                });
                cancelling.get(30, TimeUnit.SECONDS);
                starting.get(30, TimeUnit.SECONDS);

                JsonNode first = passenger.await(m -> matchId.equals(text(m, "payload.match_id"))
                        && ("ride.started".equals(text(m, "type")) || "match.cancelled".equals(text(m, "type"))),
                        WAIT, "ride.started or match.cancelled");
                String what = "round " + round + ": " + text(first, "type");
                if ("ride.started".equals(text(first, "type"))) {
                    started++;
                    assertThat(text(passenger.await("error.validation"), "payload.code")).as(what).isEqualTo("CONFLICT");
                    passenger.assertNone("match.cancelled", Duration.ofMillis(300));
                    assertThat(stateOf(matchId)).as(what).isInstanceOf(MatchState.Confirmed.class);
                    assertThat(rides.ride(Ride.idFor(matchId))).as(what).isPresent();
                } else {
                    assertThat(text(driver.await("error.validation"), "payload.code")).as(what).isEqualTo("CONFLICT");
                    passenger.assertNone("ride.started", Duration.ofMillis(300));
                    driver.assertNone("ride.started", Duration.ZERO);
                    assertThat(stateOf(matchId)).as(what).isInstanceOf(MatchState.Cancelled.class);
                    assertThat(rides.ride(Ride.idFor(matchId))).as(what).isEmpty();
                    assertFree(driverId);
                }
            }
        } finally {
            threads.shutdownNow();
        }
        System.out.printf("match.cancel vs ride.start: the ride started in %d of 5 rounds%n", started);
    }

    /**
     * The types of the match's messages the client receives, in order, up to and including its match.cancelled;
     * a match.confirmed among them is consumed too, so that a later one would be seen.
     */
    private static List<String> untilCancelled(WsClient client, String matchId) {
        List<String> types = new ArrayList<>();
        client.await(m -> {
            boolean ours = matchId.equals(text(m, "payload.match_id"));
            if (ours) {
                types.add(text(m, "type"));
            }
            return ours && "match.cancelled".equals(text(m, "type"));
        }, WAIT, "match.cancelled for " + matchId);
        if (types.contains("match.confirmed")) {
            client.poll(m -> "match.confirmed".equals(text(m, "type")), Duration.ZERO);
        }
        return types;
    }

    /** match.request from the spot → the proposal to both (acknowledged, so it is not sent again). */
    private String requestProposal(WsClient passenger, WsClient driver, Spot spot) {
        passenger.send(request(spot, Riders.MOTORCYCLE_PREFERENCES));
        JsonNode proposal = passenger.await("match.proposal");
        String matchId = text(proposal, "payload.match_id");
        JsonNode driverProposal = Riders.awaitFor(driver, "match.proposal", matchId, WAIT);
        ack(passenger, proposal);
        ack(driver, driverProposal);
        return matchId;
    }

    private String confirmed(WsClient passenger, WsClient driver, Spot spot) {
        String matchId = requestProposal(passenger, driver, spot);
        driver.send(answer("match.accept", matchId, "driver"));
        Riders.awaitFor(driver, "match.confirmed", matchId, WAIT);
        Riders.awaitFor(passenger, "match.confirmed", matchId, WAIT);
        return matchId;
    }

    /** The driver is free everywhere: no booking lock in DynamoDB, free and back in the geo index in Redis. */
    private void assertFree(String driverId) {
        assertThat(lock("driver#" + driverId)).as("driver %s's lock", driverId).isEmpty();
        assertThat(pool.record(driverId).get("state")).as("driver %s in the pool", driverId).isEqualTo("free");
        assertThat(pool.isIndexed(driverId)).as("driver %s available", driverId).isTrue();
    }

    private Map<String, AttributeValue> lock(String key) {
        return dynamo.getItem(b -> b.tableName(matches).consistentRead(true)
                .key(Map.of("pk", AttributeValue.fromS(key)))).item();
    }

    private MatchState stateOf(String matchId) {
        return matchmaker.find(matchId).orElseThrow().state();
    }

    private WsClient keep(WsClient client) {
        open.add(client);
        return client;
    }

    private static void ack(WsClient client, JsonNode event) {
        client.send("{\"type\":\"ack\",\"payload\":{\"id\":\"" + text(event, "id") + "\"}}");
    }

    /** A match.cancel frame; {@code reason} is raw JSON or null for none. */
    static String cancel(String matchId, String reason) {
        return "{\"type\":\"match.cancel\",\"id\":\"c-1\",\"payload\":{\"match_id\":\"" + matchId + "\""
                + (reason == null ? "" : ",\"reason\":" + reason) + "}}";
    }

    /** ride.start frames. */
    private static final class RideStart {
        static String at(String matchId, Spot where) {
            return String.format(Locale.ROOT, "{\"type\":\"ride.start\",\"id\":\"s-1\",\"payload\":{\"match_id\":\"%s\","
                    + "\"location\":{\"latitude\":%s,\"longitude\":%s,\"accuracy\":5}}}", matchId, where.lat(), where.lon());
        }
    }
}
