package io.ridewire.e2e.rides;

import io.ridewire.e2e.fixtures.RideFixtures;

import io.ridewire.e2e.fixtures.Spot;
import io.ridewire.e2e.fixtures.SharedStacks;

import io.micronaut.json.tree.JsonNode;
import io.ridewire.functions.drivers.DriverIndex;
import io.ridewire.model.identity.Role;
import io.ridewire.local.LocalStack;
import io.ridewire.local.testing.WsClient;
import io.ridewire.model.rides.RideOutcome;
import io.ridewire.functions.rides.Rides;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.ridewire.e2e.fixtures.RideFixtures.ack;
import static io.ridewire.e2e.fixtures.RideFixtures.arrived;
import static io.ridewire.e2e.fixtures.RideFixtures.assertRefused;
import static io.ridewire.e2e.fixtures.RideFixtures.awaitFor;
import static io.ridewire.e2e.fixtures.RideFixtures.fix;
import static io.ridewire.e2e.fixtures.RideFixtures.id;
import static io.ridewire.e2e.fixtures.RideFixtures.pay;
import static io.ridewire.local.testing.WsClient.text;
import static org.assertj.core.api.Assertions.assertThat;

/** Either side may call a started ride off before arrival; the passenger's cancellation costs the configured fee. */
class RideCancelIT {
    private final LocalStack stack = SharedStacks.rides();
    private final RideFixtures rides = new RideFixtures(stack);
    private final Rides service = stack.context().getBean(Rides.class);
    private final DriverIndex pool = stack.context().getBean(DriverIndex.class);

    private static String cancel(String rideId, String reason) {
        return "{\"type\":\"ride.cancel\",\"id\":\"c-1\",\"payload\":{\"ride_id\":\"" + rideId + "\""
                + (reason == null ? "" : ",\"reason\":\"" + reason + "\"") + "}}";
    }

    @Test
    void thePassengerCancelling_owesTheFee_paidThroughTheWallet_andTheBookingEnds() {
        Spot pickup = Spot.random();
        String driverId = id("driver");
        String passengerId = id("passenger");
        rides.topUp(passengerId, 5000);
        try (WsClient driver = rides.driverOn(driverId, pickup);
             WsClient passenger = rides.connect(Role.PASSENGER, passengerId)) {
            String rideId = rides.rideUnderway(driver, passenger, pickup, pickup.north(3));
            Instant t0 = Instant.now();
            for (int k = 1; k <= 3; k++) {
                driver.send(fix(rideId, pickup.north(0.5 * k), 5, t0.plusSeconds(60L * k)));
                awaitFor(driver, "ride.progress", "ride_id", rideId);
            }
            assertThat(pool.isIndexed(driverId)).as("booked: out of the pool").isFalse();

            passenger.send(cancel(rideId, null));
            for (WsClient party : List.of(driver, passenger)) {
                JsonNode cancelled = awaitFor(party, "ride.cancelled", "ride_id", rideId);
                assertThat(text(cancelled, "seq")).isNotBlank();
                assertThat(text(cancelled, "payload.cancelled_by")).isEqualTo("passenger");
                assertThat(text(cancelled, "payload.reason")).isEqualTo("passenger_request");
                assertThat(cancelled.get("payload").get("partial_billing").get("distance_traveled_km").getDoubleValue())
                        .as("up to the last believable fix").isEqualTo(1.5);
                assertThat(text(cancelled, "payload.partial_billing.cancellation_fee")).isEqualTo("2000");
                assertThat(text(cancelled, "payload.partial_billing.currency")).isEqualTo("IDR");
                assertThat(text(cancelled, "payload.payment_id")).isNotBlank();
            }
            JsonNode request = awaitFor(passenger, "payment.request", "ride_id", rideId);
            assertThat(text(request, "payload.amount")).isEqualTo("2000");
            ack(passenger, request);
            assertThat(pool.isIndexed(driverId)).as("the driver is available again").isTrue();

            String paymentId = text(request, "payload.payment_id");
            passenger.send(pay(paymentId, "wallet"));
            JsonNode paid = awaitFor(driver, "payment.completed", "payment_id", paymentId);
            assertThat(text(paid, "payload.driver_earnings")).isEqualTo("1900");
            assertThat(text(paid, "payload.admin_fee")).isEqualTo("100");
            assertThat(rides.balance(passengerId)).isEqualTo(3000);
            assertThat(rides.balance(driverId)).isEqualTo(1900);

            assertRefused(driver, arrived(rideId, pickup.north(1.5), "1"), "ride_id", "CONFLICT");
            passenger.send(cancel(rideId, null));
            assertThat(text(passenger.await(m -> "c-1".equals(text(m, "id")), Duration.ofSeconds(10), "the repeat's answer"), "type"))
                    .isEqualTo("ride.cancelled");
            passenger.send("{\"type\":\"match.request\",\"id\":\"r-2\",\"payload\":{\"pickup_location\":{\"latitude\":"
                    + pickup.lat() + ",\"longitude\":" + pickup.lon() + "},\"destination_location\":{\"latitude\":"
                    + pickup.north(1).lat() + ",\"longitude\":" + pickup.lon() + "}}}");
            JsonNode next = passenger.await(m -> "r-2".equals(text(m, "id")) || "match.proposal".equals(text(m, "type")),
                    Duration.ofSeconds(10), "an answer to the next request");
            assertThat(text(next, "type")).as("the passenger may book again").isNotEqualTo("error.validation");
        }
    }

    @Test
    void theDriverCancelling_costsThePassengerNothing() {
        Spot pickup = Spot.random();
        try (WsClient driver = rides.driverOn(id("driver"), pickup);
             WsClient passenger = rides.connect(Role.PASSENGER, id("passenger"))) {
            String rideId = rides.rideUnderway(driver, passenger, pickup, pickup.north(3));
            driver.send(cancel(rideId, "emergency"));
            JsonNode cancelled = awaitFor(passenger, "ride.cancelled", "ride_id", rideId);
            assertThat(text(cancelled, "payload.cancelled_by")).isEqualTo("driver");
            assertThat(text(cancelled, "payload.reason")).isEqualTo("emergency");
            assertThat(text(cancelled, "payload.partial_billing.cancellation_fee")).isEqualTo("0");
            assertThat(text(cancelled, "payload.payment_id")).isNull();
            passenger.assertNone("payment.request", Duration.ofMillis(500));
            assertThat(service.ride(rideId).orElseThrow().outcome()).isInstanceOf(RideOutcome.Cancelled.class);
        }
    }

    @Test
    void aCompletedRide_cannotBeCancelled_andStrangersCannotCancelAny() {
        Spot pickup = Spot.random();
        try (WsClient driver = rides.driverOn(id("driver"), pickup);
             WsClient passenger = rides.connect(Role.PASSENGER, id("passenger"));
             WsClient stranger = rides.connect(Role.PASSENGER, id("stranger"));
             WsClient customer = rides.connect(Role.CUSTOMER, id("customer"))) {
            String rideId = rides.rideUnderway(driver, passenger, pickup, pickup.north(1));
            assertRefused(stranger, cancel(rideId, null), "ride_id", "FORBIDDEN");
            assertRefused(customer, cancel(rideId, null), "type", "FORBIDDEN");
            assertRefused(passenger, cancel(rideId, "bored"), "reason", "INVALID_VALUE");
            assertThat(service.ride(rideId).orElseThrow().inProgress()).isTrue();
            driver.send(arrived(rideId, pickup, "1"));
            awaitFor(passenger, "ride.completed", "ride_id", rideId);
            assertRefused(passenger, cancel(rideId, null), "ride_id", "CONFLICT");
            assertThat(service.ride(rideId).orElseThrow().outcome()).isInstanceOf(RideOutcome.Completed.class);
        }
    }
}
