package io.ridewire.e2e.rides;

import io.ridewire.e2e.fixtures.RideFixtures;

import io.ridewire.e2e.fixtures.Spot;
import io.ridewire.e2e.fixtures.SharedStacks;

import io.micronaut.json.tree.JsonNode;
import io.ridewire.model.identity.Role;
import io.ridewire.local.LocalStack;
import io.ridewire.local.testing.WsClient;
import io.ridewire.model.rides.Ride;
import io.ridewire.functions.rides.Rides;
import io.ridewire.functions.presence.Member;
import io.ridewire.functions.presence.Presence;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static io.ridewire.e2e.fixtures.RideFixtures.arrived;
import static io.ridewire.e2e.fixtures.RideFixtures.assertRefused;
import static io.ridewire.e2e.fixtures.RideFixtures.awaitFor;
import static io.ridewire.e2e.fixtures.RideFixtures.id;
import static io.ridewire.e2e.fixtures.RideFixtures.start;
import static io.ridewire.local.testing.WsClient.text;
import static org.assertj.core.api.Assertions.assertThat;

/** Who may start and end a ride, where and how often; refusals change nothing. */
class RideStartIT {
    private final LocalStack stack = SharedStacks.rides();
    private final RideFixtures rides = new RideFixtures(stack);
    private final Rides service = stack.context().getBean(Rides.class);

    @Test
    void aRide_cannotBeStartedFarFromThePickup_orByThePassenger_andARepeatGetsTheSameRide() {
        Spot pickup = Spot.random();
        try (WsClient driver = rides.driverOn(id("driver"), pickup.north(0.05));
             WsClient passenger = rides.connect(Role.PASSENGER, id("passenger"));
             WsClient otherDriver = rides.connect(Role.DRIVER, id("other-driver"))) {
            String matchId = rides.confirmedMatch(driver, passenger, pickup, pickup.north(2));
            String rideId = Ride.idFor(matchId);

            assertRefused(driver, start(matchId, pickup.north(0.15)), "location", "OUT_OF_RANGE");
            assertThat(service.ride(rideId)).as("nothing started").isEmpty();
            assertRefused(passenger, start(matchId, pickup), "type", "FORBIDDEN");
            assertRefused(otherDriver, start(matchId, pickup), "match_id", "FORBIDDEN");
            assertRefused(driver, start("no-such-match", pickup), "match_id", "NOT_FOUND");
            assertRefused(driver, "{\"type\":\"ride.start\",\"payload\":{}}", "match_id", "REQUIRED");
            assertRefused(driver, "{\"type\":\"ride.start\",\"payload\":{\"match_id\":\"" + matchId
                    + "\",\"location\":{\"latitude\":95,\"longitude\":1}}}", "location.latitude", "INVALID_COORDINATES");
            assertThat(service.ride(rideId)).isEmpty();
            passenger.assertNone("ride.started", Duration.ZERO);

            driver.send(start(matchId, pickup.north(0.09)));
            JsonNode started = driver.await("ride.started");
            assertThat(text(started, "payload.ride_id")).isEqualTo(rideId);
            assertThat(text(passenger.await("ride.started"), "id")).isEqualTo("ride.started:" + rideId);
            // a resend after a lost answer: the same ride, from wherever it is sent
            driver.send(start(matchId, pickup.north(0.2)));
            JsonNode again = driver.await("ride.started");
            assertThat(text(again, "payload.ride_id")).isEqualTo(rideId);
            assertThat(text(again, "payload.started_at")).as("the ride as it started")
                    .isEqualTo(text(started, "payload.started_at"));
            assertThat(text(again, "payload.start_location.latitude"))
                    .isEqualTo(text(started, "payload.start_location.latitude"));
            passenger.assertNone("ride.started", Duration.ofMillis(300));
            assertThat(service.ride(rideId).orElseThrow().startedAt()).isNotNull();
        }
    }

    @Test
    void aPassengerAwayWhenTheRideStarts_getsRideStartedBySync() {
        Spot pickup = Spot.random();
        String passengerId = id("passenger");
        try (WsClient driver = rides.driverOn(id("driver"), pickup.north(0.05))) {
            String matchId;
            try (WsClient passenger = rides.connect(Role.PASSENGER, passengerId)) {
                matchId = rides.confirmedMatch(driver, passenger, pickup, pickup.north(2));
            }
            driver.send(start(matchId, pickup));
            driver.await("ride.started");
            try (WsClient back = rides.connect(Role.PASSENGER, passengerId)) {
                back.send("{\"type\":\"sync\",\"payload\":{\"since\":0}}");
                back.await("sync.completed");
                assertThat(back.drain()).filteredOn(m -> "ride.started".equals(text(m, "type")))
                        .extracting(m -> text(m, "id")).containsExactly("ride.started:" + Ride.idFor(matchId));
            }
        }
    }

    @Test
    void aClaimedPickup_isRefused_whileTheDriversLastReportedPositionIsFarFromIt_beyondItsAccuracy() {
        Spot pickup = Spot.random();
        try (WsClient driver = rides.driverOn(id("driver"), pickup.north(0.6));
             WsClient passenger = rides.connect(Role.PASSENGER, id("passenger"))) {
            String matchId = rides.confirmedMatch(driver, passenger, pickup, pickup.north(2));
            Instant t0 = Instant.now();

            // last seen 600 m away (the beacon), then claiming the pickup
            JsonNode refused = assertRefused(driver, start(matchId, pickup), "location", "OUT_OF_RANGE");
            assertThat(text(refused, "payload.error")).contains("last reported position");
            // a fix 180 m away, but ±90 m: it may be within 100 m of the pickup
            driver.send(RideFixtures.fix(null, pickup.north(0.3), 10, t0.plusSeconds(1)));
            assertRefused(driver, start(matchId, pickup), "location", "OUT_OF_RANGE");
            driver.send(RideFixtures.fix(null, pickup.north(0.18), 90, t0.plusSeconds(2)));
            driver.send(start(matchId, pickup));
            assertThat(text(driver.await("ride.started"), "payload.match_id")).isEqualTo(matchId);
            passenger.await("ride.started");
        }
    }

    @Test
    void withoutALocation_theDriversLastFixIsUsed() {
        Spot pickup = Spot.random();
        try (WsClient driver = rides.driverOn(id("driver"), pickup.north(0.05));
             WsClient passenger = rides.connect(Role.PASSENGER, id("passenger"))) {
            String matchId = rides.confirmedMatch(driver, passenger, pickup, pickup.north(2));
            driver.send("{\"type\":\"ride.start\",\"payload\":{\"match_id\":\"" + matchId + "\"}}");
            JsonNode started = driver.await("ride.started");
            assertThat(started.get("payload").get("start_location").get("latitude").getDoubleValue())
                    .isEqualTo(pickup.north(0.05).lat());
        }
    }

    @Test
    void onlyTheRidesDriverArrives_withAFactorBetweenZeroAndOne_andARepeatGetsTheSameBill() {
        Spot pickup = Spot.random();
        try (WsClient driver = rides.driverOn(id("driver"), pickup);
             WsClient passenger = rides.connect(Role.PASSENGER, id("passenger"));
             WsClient otherDriver = rides.connect(Role.DRIVER, id("other-driver"))) {
            String rideId = rides.rideUnderway(driver, passenger, pickup, pickup.north(1));
            assertRefused(passenger, arrived(rideId, pickup, "1"), "type", "FORBIDDEN");
            assertRefused(otherDriver, arrived(rideId, pickup, "1"), "ride_id", "FORBIDDEN");
            assertRefused(driver, arrived(rideId, pickup, "1.2"), "adjustment_factor", "OUT_OF_RANGE");
            assertRefused(driver, arrived(rideId, pickup, "-0.1"), "adjustment_factor", "OUT_OF_RANGE");
            assertRefused(driver, arrived(rideId, pickup, "\"0.9\""), "adjustment_factor", "INVALID_TYPE");
            assertRefused(driver, arrived("no-such-ride", pickup, "1"), "ride_id", "NOT_FOUND");
            assertThat(service.ride(rideId).orElseThrow().inProgress()).as("nothing changed").isTrue();

            driver.send(arrived(rideId, pickup, "0"));
            JsonNode completed = awaitFor(passenger, "ride.completed", "ride_id", rideId);
            assertThat(text(completed, "payload.billing.adjusted_fare")).as("factor 0: a free ride").isEqualTo("0");
            assertThat(text(completed, "payload.billing.final_fare")).isEqualTo("0");
            assertThat(text(awaitFor(passenger, "payment.request", "ride_id", rideId), "payload.amount")).isEqualTo("0");

            driver.drain();
            driver.send(arrived(rideId, pickup, "1"));
            JsonNode again = driver.await(m -> "ride.completed".equals(text(m, "type")) && "arr-1".equals(text(m, "id")),
                    Duration.ofSeconds(10), "ride.completed answering arr-1");
            assertThat(again.get("payload").get("billing").get("adjustment_factor").getDoubleValue())
                    .as("the first arrival's bill stands").isZero();
            // the repeat may push the stored event again, under its seq (a client drops it); never a second one
            String seq = text(completed, "seq");
            assertThat(passenger.poll(m -> "ride.completed".equals(text(m, "type")) && !seq.equals(text(m, "seq")),
                    Duration.ofMillis(300))).as("a second ride.completed stored").isNull();
        }
    }

    @Test
    void aPartyReconnectingDuringTheRide_isPutBackInTheRidesRoom() {
        Spot pickup = Spot.random();
        String passengerId = id("passenger");
        try (WsClient driver = rides.driverOn(id("driver"), pickup)) {
            String rideId;
            try (WsClient passenger = rides.connect(Role.PASSENGER, passengerId)) {
                rideId = rides.rideUnderway(driver, passenger, pickup, pickup.north(1));
            }
            try (WsClient back = rides.connect(Role.PASSENGER, passengerId)) {
                Presence presence = stack.context().getBean(Presence.class);
                assertThat(presence.members("ride_" + rideId)).extracting(Member::userId).contains(passengerId);
                back.assertNone("error.validation", Duration.ZERO);
            }
        }
    }
}
