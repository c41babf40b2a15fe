package io.ridewire.e2e.rides;

import io.ridewire.e2e.fixtures.RideFixtures;

import io.ridewire.e2e.fixtures.NatsWatch;
import io.ridewire.e2e.fixtures.Point;
import io.ridewire.e2e.fixtures.RideStacks;

import io.micronaut.json.tree.JsonNode;
import io.ridewire.model.identity.Role;
import io.ridewire.local.LocalStack;
import io.ridewire.local.testing.RestClient;
import io.ridewire.local.testing.WsClient;
import io.ridewire.functions.payments.Accounts;
import io.ridewire.functions.payments.LedgerEntry;
import io.ridewire.functions.payments.PaymentSettings;
import io.ridewire.functions.presence.Member;
import io.ridewire.functions.presence.Presence;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.ridewire.e2e.fixtures.RideFixtures.ack;
import static io.ridewire.e2e.fixtures.RideFixtures.arrived;
import static io.ridewire.e2e.fixtures.RideFixtures.awaitFor;
import static io.ridewire.e2e.fixtures.RideFixtures.fix;
import static io.ridewire.e2e.fixtures.RideFixtures.id;
import static io.ridewire.e2e.fixtures.RideFixtures.pay;
import static io.ridewire.local.testing.WsClient.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The spec's complete ride flow through the gateway emulator with real WebSocket clients: beacon → match.request →
 * proposal → accepts → confirmed → ride.start → location updates (tracking, progress) → ride.arrived →
 * ride.completed → payment.request → payment.method_selected → processing → completed, the wallets settled to the
 * rupiah, and the platform told on JetStream.
 */
class RideFlowIT {
    private final LocalStack stack = RideStacks.shared();
    private final RideFixtures rides = new RideFixtures(stack);

    @Test
    void aRide_fromBeaconToSettledWallets_workedExample() {
        Point pickup = Point.random();
        Point destination = pickup.north(3.2);
        String driverId = id("driver");
        String passengerId = id("passenger");
        rides.topUp(passengerId, 20_000);
        long platformBefore = rides.wallets().platformBalance();
        try (WsClient driver = rides.driverOn(driverId, pickup.north(0.05));
             WsClient passenger = rides.connect(Role.PASSENGER, passengerId);
             NatsWatch started = new NatsWatch(stack, "ride.started");
             NatsWatch progressEvents = new NatsWatch(stack, "ride.progress");
             NatsWatch completedEvents = new NatsWatch(stack, "ride.completed");
             NatsWatch requestedEvents = new NatsWatch(stack, "payment.requested");
             NatsWatch paidEvents = new NatsWatch(stack, "payment.completed")) {
            String matchId = rides.confirmedMatch(driver, passenger, pickup, destination);

            // ride.start at the pickup: the driver's reply, the passenger's push
            driver.send(RideFixtures.start(matchId, pickup));
            JsonNode startedForDriver = driver.await("ride.started");
            assertThat(text(startedForDriver, "id")).as("the reply echoes the message id").isEqualTo("s-1");
            JsonNode startedForPassenger = passenger.await("ride.started");
            String rideId = text(startedForDriver, "payload.ride_id");
            assertThat(text(startedForPassenger, "payload.ride_id")).isEqualTo(rideId);
            assertThat(text(startedForPassenger, "payload.match_id")).isEqualTo(matchId);
            assertThat(text(startedForPassenger, "payload.driver_id")).isEqualTo(driverId);
            assertThat(text(startedForPassenger, "payload.passenger_id")).isEqualTo(passengerId);
            assertThat(text(startedForPassenger, "payload.base_rate_per_km")).isEqualTo("3000");
            assertThat(text(startedForPassenger, "payload.start_location.address")).isEqualTo("Jl. Sudirman No. 1, Jakarta");
            assertThat(text(startedForPassenger, "payload.destination_location.address")).isEqualTo("Jl. Thamrin No. 10, Jakarta");
            assertThat(text(startedForPassenger, "payload.started_at")).isNotBlank();
            assertThat(stack.context().getBean(Presence.class).members("ride_" + rideId))
                    .as("both parties are in the ride's room").hasSize(2);

            // 16 fixes 200 m apart, 20 s apart, straight to the destination
            Instant t0 = Instant.now();
            double lastKm = -1;
            for (int k = 1; k <= 16; k++) {
                Point here = pickup.north(0.2 * k);
                driver.send(fix(rideId, here, 5, t0.plusSeconds(20L * k)));
                JsonNode tracking = awaitFor(passenger, "location.tracking", "ride_id", rideId);
                assertThat(tracking.get("payload").get("location").get("latitude").getDoubleValue())
                        .isCloseTo(here.lat(), within(1e-9));
                assertThat(text(tracking, "payload.user_id")).isEqualTo(driverId);
                assertThat(text(tracking, "payload.user_type")).isEqualTo("driver");
                JsonNode progress = awaitFor(driver, "ride.progress", "ride_id", rideId);
                JsonNode passengerProgress = awaitFor(passenger, "ride.progress", "ride_id", rideId);
                double km = progress.get("payload").get("distance_traveled_km").getDoubleValue();
                assertThat(km).as("distance after fix %d (each fix confirms the one before)", k)
                        .isCloseTo(0.2 * (k - 1), within(0.011));
                assertThat(km).isGreaterThanOrEqualTo(lastKm);
                lastKm = km;
                assertThat(progress.get("payload").get("current_fare").getLongValue()).isEqualTo(Math.round(km * 3000));
                assertThat(progress.get("payload").get("estimated_remaining_distance_km").getDoubleValue())
                        .isCloseTo(3.2 - 0.2 * k, within(0.011));
                assertThat(text(progress, "payload.estimated_remaining_time_minutes")).isNotBlank();
                assertThat(text(passengerProgress, "payload.distance_traveled_km")).isEqualTo(text(progress, "payload.distance_traveled_km"));
            }

            // arrival with a 0.9 adjustment: the worked example's bill, to both
            driver.send(arrived(rideId, destination, "0.9"));
            for (WsClient party : List.of(driver, passenger)) {
                JsonNode completed = awaitFor(party, "ride.completed", "ride_id", rideId);
                assertThat(text(completed, "seq")).as("a durable event").isNotBlank();
                assertThat(completed.get("payload").get("total_distance_km").getDoubleValue()).isEqualTo(3.2);
                JsonNode billing = completed.get("payload").get("billing");
                assertThat(billing.get("base_fare").getLongValue()).isEqualTo(9600);
                assertThat(billing.get("adjustment_factor").getDoubleValue()).isEqualTo(0.9);
                assertThat(billing.get("adjusted_fare").getLongValue()).isEqualTo(8640);
                assertThat(billing.get("admin_fee_percent").getDoubleValue()).isEqualTo(5.0);
                assertThat(billing.get("admin_fee").getLongValue()).isEqualTo(432);
                assertThat(billing.get("final_fare").getLongValue()).isEqualTo(8208);
                assertThat(text(completed, "payload.driver_id")).isEqualTo(driverId);
                assertThat(text(completed, "payload.end_location.address")).isEqualTo("Jl. Thamrin No. 10, Jakarta");
            }

            // payment.request: critical, the adjusted fare
            JsonNode request = awaitFor(passenger, "payment.request", "ride_id", rideId);
            assertThat(text(request, "ack_required")).isEqualTo("true");
            assertThat(request.get("payload").get("amount").getLongValue()).isEqualTo(8640);
            assertThat(text(request, "payload.currency")).isEqualTo("IDR");
            assertThat(text(request, "payload.expires_at")).isNotBlank();
            assertThat(request.get("payload").get("payment_methods").values())
                    .extracting(JsonNode::getStringValue).as("no provider configured: the wallet only").containsExactly("wallet");
            ack(passenger, request);
            String paymentId = text(request, "payload.payment_id");

            // the passenger pays from the wallet
            passenger.send(pay(paymentId, "wallet"));
            JsonNode processing = awaitFor(passenger, "payment.processing", "payment_id", paymentId);
            assertThat(text(processing, "id")).as("the answer to the selection echoes its id").isEqualTo("pay-1");
            assertThat(text(processing, "payload.status")).isEqualTo("processing");
            assertThat(text(processing, "payload.method")).isEqualTo("wallet");
            String transactionId = text(processing, "payload.transaction_id");
            for (WsClient party : List.of(passenger, driver)) {
                JsonNode paid = awaitFor(party, "payment.completed", "payment_id", paymentId);
                assertThat(paid.get("payload").get("amount").getLongValue()).isEqualTo(8640);
                assertThat(paid.get("payload").get("driver_earnings").getLongValue()).isEqualTo(8208);
                assertThat(paid.get("payload").get("admin_fee").getLongValue()).isEqualTo(432);
                assertThat(text(paid, "payload.transaction_id")).isEqualTo(transactionId);
                assertThat(text(paid, "payload.ride_id")).isEqualTo(rideId);
                assertThat(text(paid, "seq")).isNotBlank();
            }

            // wallets and ledger, to the rupiah
            assertThat(rides.balance(passengerId)).isEqualTo(20_000 - 8640);
            assertThat(rides.balance(driverId)).isEqualTo(8208);
            assertThat(rides.wallets().platformBalance() - platformBefore).isEqualTo(432);
            assertThat(rides.ledger(passengerId)).filteredOn(e -> paymentId.equals(e.paymentId()))
                    .extracting(LedgerEntry::amount).containsExactly(-8640L);
            assertThat(rides.ledger(driverId)).extracting(LedgerEntry::amount).containsExactly(8208L);
            int shards = stack.context().getBean(PaymentSettings.class).getPlatformShards();
            assertThat(rides.wallets().entries(Accounts.platformFor(paymentId, shards)))
                    .filteredOn(e -> paymentId.equals(e.paymentId())).extracting(LedgerEntry::amount).containsExactly(432L);
            RestClient.Response own = rides.rest().get("/wallets/" + passengerId, stack.tokens().mint(Role.PASSENGER, passengerId));
            assertThat(own.status()).isEqualTo(200);
            assertThat(own.text("balance")).isEqualTo("11360");
            assertThat(stack.context().getBean(Presence.class).members("ride_" + rideId)).as("the room is emptied").isEmpty();

            // the platform heard it all on JetStream, in the spec's envelope, traced from the messages that caused it
            JsonNode startedEvent = started.await("ride_id", rideId);
            assertThat(text(startedEvent, "event_type")).isEqualTo("ride.started");
            assertThat(text(startedEvent, "source_service")).isEqualTo("ridewire-functions");
            assertThat(text(startedEvent, "version")).isEqualTo("1.0");
            assertThat(text(startedEvent, "correlation_id")).isEqualTo("s-1");
            assertThat(text(startedEvent, "data.status")).isEqualTo("in_progress");
            assertThat(text(progressEvents.await("ride_id", rideId), "data.estimated_remaining.distance_km")).isNotBlank();
            JsonNode completedEvent = completedEvents.await("ride_id", rideId);
            assertThat(text(completedEvent, "correlation_id")).isEqualTo("arr-1");
            assertThat(text(completedEvent, "trace_id")).isNotBlank();
            assertThat(text(completedEvent, "span_id")).isNotBlank();
            assertThat(text(completedEvent, "event_id")).isNotBlank();
            assertThat(text(completedEvent, "data.billing.final_fare")).isEqualTo("8208");
            assertThat(text(completedEvent, "data.billing.currency")).isEqualTo("IDR");
            assertThat(text(completedEvent, "data.trip_summary.total_distance_km")).isEqualTo("3.2");
            JsonNode requestedEvent = requestedEvents.await("ride_id", rideId);
            assertThat(text(requestedEvent, "data.amount")).isEqualTo("8640");
            assertThat(text(requestedEvent, "data.breakdown.adjustment")).isEqualTo("-960");
            assertThat(text(requestedEvent, "data.breakdown.driver_earnings")).isEqualTo("8208");
            JsonNode paidEvent = paidEvents.await("payment_id", paymentId);
            assertThat(text(paidEvent, "correlation_id")).isEqualTo("pay-1");
            assertThat(text(paidEvent, "data.driver_payout.amount")).isEqualTo("8208");
            assertThat(text(paidEvent, "data.fees.admin_fee")).isEqualTo("432");
            assertThat(text(paidEvent, "data.payment_method")).isEqualTo("wallet");
            assertThat(text(paidEvent, "data.transaction_id")).isEqualTo(transactionId);

            passenger.assertNone("error.validation", Duration.ZERO);
            driver.assertNone("error.validation", Duration.ZERO);
        }
    }
}
