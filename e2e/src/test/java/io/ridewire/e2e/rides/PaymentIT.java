package io.ridewire.e2e.rides;

import io.ridewire.e2e.fixtures.RideFixtures;

import io.ridewire.e2e.fixtures.Spot;
import io.ridewire.e2e.fixtures.SharedStacks;

import io.micronaut.json.tree.JsonNode;
import io.ridewire.model.identity.Role;
import io.ridewire.local.LocalStack;
import io.ridewire.local.testing.RestClient;
import io.ridewire.local.testing.WsClient;
import io.ridewire.functions.payments.Accounts;
import io.ridewire.functions.payments.LedgerEntry;
import io.ridewire.model.payments.Payment;
import io.ridewire.functions.payments.PaymentSettings;
import io.ridewire.model.payments.PaymentStatus;
import io.ridewire.functions.payments.PaymentStore;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.ridewire.e2e.fixtures.RideFixtures.ack;
import static io.ridewire.e2e.fixtures.RideFixtures.assertRefused;
import static io.ridewire.e2e.fixtures.RideFixtures.awaitFor;
import static io.ridewire.e2e.fixtures.RideFixtures.id;
import static io.ridewire.e2e.fixtures.RideFixtures.pay;
import static io.ridewire.local.testing.WsClient.text;
import static org.assertj.core.api.Assertions.assertThat;

/** Paying for a ride: exactly one debit whatever the network does, clean failures, retries, and who may pay. */
class PaymentIT {
    private final LocalStack stack = SharedStacks.rides();
    private final RideFixtures rides = new RideFixtures(stack);
    private final PaymentStore payments = stack.context().getBean(PaymentStore.class);
    private final int shards = stack.context().getBean(PaymentSettings.class).getPlatformShards();

    /** A ride of 1 km with no adjustment: 3000 to pay, 2850 for the driver, 150 for the platform. */
    private String completedRide(WsClient driver, WsClient passenger, Spot pickup) {
        String rideId = rides.completedOneKmRide(driver, passenger, pickup);
        JsonNode request = awaitFor(passenger, "payment.request", "ride_id", rideId);
        assertThat(text(request, "payload.amount")).isEqualTo("3000");
        ack(passenger, request);
        return text(request, "payload.payment_id");
    }

    @Test
    void aHundredDuplicatedConcurrentSelections_debitExactlyOnce() throws Exception {
        Spot pickup = Spot.random();
        String driverId = id("driver");
        String passengerId = id("passenger");
        rides.topUp(passengerId, 10_000);
        try (WsClient driver = rides.driverOn(driverId, pickup);
             WsClient passenger = rides.connect(Role.PASSENGER, passengerId)) {
            String paymentId = completedRide(driver, passenger, pickup);
            long platformBefore = rides.wallets().entries(Accounts.platformFor(paymentId, shards)).stream()
                    .mapToLong(LedgerEntry::amount).sum();

            List<Thread> senders = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                senders.add(Thread.ofVirtual().start(() -> {
                    for (int i = 0; i < 25; i++) {
                        synchronized (passenger) { // one frame at a time on the socket; the gateway runs them concurrently
                            passenger.send(pay(paymentId, "wallet"));
                        }
                    }
                }));
            }
            for (Thread sender : senders) {
                sender.join();
            }
            awaitFor(driver, "payment.completed", "payment_id", paymentId);
            passenger.await(m -> ("payment.completed:" + paymentId).equals(text(m, "id")), Duration.ofSeconds(10),
                    "the durable payment.completed");
            // every selection is answered once, echoing its id: the attempt's processing, each duplicate's processing
            // or completed
            long answers = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (answers < 100 && System.nanoTime() < deadline) {
                JsonNode answer = passenger.poll(m -> "pay-1".equals(text(m, "id")), Duration.ofMillis(200));
                if (answer != null) {
                    assertThat(text(answer, "type")).isIn("payment.processing", "payment.completed");
                    answers++;
                }
            }
            assertThat(answers).as("one answer per selection").isEqualTo(100);
            assertThat(passenger.poll(m -> "pay-1".equals(text(m, "id")), Duration.ofMillis(300))).isNull();
            passenger.assertNone("error.validation", Duration.ZERO);
            passenger.assertNone("error.rate_limit", Duration.ZERO);
            passenger.assertNone("payment.failed", Duration.ZERO);
            driver.assertNone("payment.completed", Duration.ofMillis(300));

            assertThat(rides.balance(passengerId)).isEqualTo(10_000 - 3000);
            assertThat(rides.balance(driverId)).isEqualTo(2850);
            assertThat(rides.ledger(passengerId)).filteredOn(e -> paymentId.equals(e.paymentId()))
                    .extracting(LedgerEntry::amount).containsExactly(-3000L);
            assertThat(rides.ledger(driverId)).extracting(LedgerEntry::amount).containsExactly(2850L);
            assertThat(rides.wallets().entries(Accounts.platformFor(paymentId, shards)).stream()
                    .mapToLong(LedgerEntry::amount).sum() - platformBefore).isEqualTo(150);
            Payment paid = payments.find(paymentId).orElseThrow();
            assertThat(paid.status()).isEqualTo(PaymentStatus.PAID);
            assertThat(paid.attempts()).as("one attempt took the payment").isEqualTo(1);
        }
    }

    @Test
    void insufficientBalance_failsCleanly_andARetryAfterATopUpSucceeds() {
        Spot pickup = Spot.random();
        String driverId = id("driver");
        String passengerId = id("passenger");
        rides.topUp(passengerId, 1000);
        try (WsClient driver = rides.driverOn(driverId, pickup);
             WsClient passenger = rides.connect(Role.PASSENGER, passengerId)) {
            String paymentId = completedRide(driver, passenger, pickup);
            passenger.send(pay(paymentId, "wallet"));
            awaitFor(passenger, "payment.processing", "payment_id", paymentId);
            JsonNode failed = awaitFor(passenger, "payment.failed", "payment_id", paymentId);
            assertThat(text(failed, "payload.error")).isEqualTo("insufficient_balance");
            assertThat(text(failed, "payload.retry_allowed")).isEqualTo("true");
            assertThat(text(failed, "payload.amount")).isEqualTo("3000");
            assertThat(text(failed, "seq")).as("durable").isNotBlank();
            driver.assertNone("payment.completed", Duration.ofMillis(300));
            assertThat(rides.balance(passengerId)).as("nothing moved").isEqualTo(1000);
            assertThat(rides.balance(driverId)).isZero();
            assertThat(rides.ledger(passengerId)).filteredOn(e -> paymentId.equals(e.paymentId())).isEmpty();
            assertThat(payments.find(paymentId).orElseThrow().status()).isEqualTo(PaymentStatus.FAILED);

            RestClient.Response topUp = rides.topUp(passengerId, 5000);
            assertThat(topUp.text("balance")).isEqualTo("6000");
            passenger.send(pay(paymentId, "wallet"));
            JsonNode paid = awaitFor(passenger, "payment.completed", "payment_id", paymentId);
            assertThat(text(paid, "payload.amount")).isEqualTo("3000");
            awaitFor(driver, "payment.completed", "payment_id", paymentId);
            assertThat(rides.balance(passengerId)).isEqualTo(3000);
            assertThat(rides.balance(driverId)).isEqualTo(2850);
            assertThat(payments.find(paymentId).orElseThrow().attempts()).isEqualTo(2);

            passenger.send(pay(paymentId, "wallet"));
            JsonNode again = passenger.await(m -> "pay-1".equals(text(m, "id")) && "payment.completed".equals(text(m, "type")),
                    Duration.ofSeconds(10), "the completion again");
            assertThat(text(again, "payload.transaction_id")).isEqualTo(text(paid, "payload.transaction_id"));
            assertThat(rides.balance(passengerId)).as("a paid payment is never debited again").isEqualTo(3000);
        }
    }

    @Test
    void aMethodWithoutAProvider_failsWithMethodUnavailable_neverAFakeSuccess() {
        Spot pickup = Spot.random();
        String passengerId = id("passenger");
        try (WsClient driver = rides.driverOn(id("driver"), pickup);
             WsClient passenger = rides.connect(Role.PASSENGER, passengerId)) {
            String paymentId = completedRide(driver, passenger, pickup);
            passenger.send(pay(paymentId, "credit_card"));
            JsonNode failed = passenger.await("payment.failed");
            assertThat(text(failed, "id")).isEqualTo("pay-1");
            assertThat(text(failed, "payload.error")).isEqualTo("method_unavailable");
            assertThat(text(failed, "payload.method")).isEqualTo("credit_card");
            assertThat(text(failed, "payload.retry_allowed")).isEqualTo("true");
            assertThat(payments.find(paymentId).orElseThrow().status()).isEqualTo(PaymentStatus.PENDING);
            driver.assertNone("payment.completed", Duration.ofMillis(300));
            assertRefused(passenger, pay(paymentId, "cash"), "method", "INVALID_VALUE");
        }
    }

    @Test
    void onlyTheRidesPassengerPays_andNothingChangesOtherwise() {
        Spot pickup = Spot.random();
        try (WsClient driver = rides.driverOn(id("driver"), pickup);
             WsClient passenger = rides.connect(Role.PASSENGER, id("passenger"));
             WsClient stranger = rides.connect(Role.PASSENGER, id("stranger"))) {
            String paymentId = completedRide(driver, passenger, pickup);
            assertRefused(stranger, pay(paymentId, "wallet"), "payment_id", "FORBIDDEN");
            assertRefused(driver, pay(paymentId, "wallet"), "type", "FORBIDDEN");
            assertRefused(passenger, pay("no-such-payment", "wallet"), "payment_id", "NOT_FOUND");
            assertRefused(passenger, "{\"type\":\"payment.method_selected\",\"payload\":{\"payment_id\":\"" + paymentId
                    + "\",\"method\":\"wallet\",\"wallet_balance\":\"lots\"}}", "wallet_balance", "INVALID_TYPE");
            Payment payment = payments.find(paymentId).orElseThrow();
            assertThat(payment.status()).isEqualTo(PaymentStatus.PENDING);
            assertThat(payment.attempts()).isZero();
        }
    }

    @Test
    void topUps_areForAdmins_andOncePerIdempotencyKey() {
        String userId = id("passenger");
        RestClient rest = rides.rest();
        String admin = stack.tokens().mint(Role.ADMIN, id("admin"));
        assertThat(rest.post("/wallets/" + userId + "/top-up", stack.tokens().mint(Role.PASSENGER, userId),
                "{\"amount\":1000}").status()).isEqualTo(403);
        assertThat(rest.post("/wallets/" + userId + "/top-up", admin, "{\"amount\":0}").status()).isEqualTo(400);
        assertThat(rest.post("/wallets/" + userId + "/top-up", admin, "{\"amount\":\"many\"}").status()).isEqualTo(400);
        assertThat(rest.post("/wallets/platform/top-up", admin, "{\"amount\":1000}").status()).isEqualTo(403);
        RestClient.Response first = postWithKey(userId, admin, "k-1");
        RestClient.Response repeat = postWithKey(userId, admin, "k-1");
        assertThat(first.text("balance")).isEqualTo("700");
        assertThat(first.text("applied")).isEqualTo("true");
        assertThat(repeat.text("balance")).isEqualTo("700");
        assertThat(repeat.text("applied")).isEqualTo("false");
        RestClient.Response otherAmount = rest.post("/wallets/" + userId + "/top-up", admin, "{\"amount\":900}", "k-1");
        assertThat(otherAmount.status()).as("the key's first top-up was of 700: nothing is credited").isEqualTo(409);
        assertThat(otherAmount.text("field")).isEqualTo("Idempotency-Key");
        assertThat(otherAmount.text("code")).isEqualTo("CONFLICT");
        assertThat(rest.get("/wallets/" + userId, stack.tokens().mint(Role.PASSENGER, id("other"))).status()).isEqualTo(403);
        assertThat(rest.get("/wallets/platform", stack.tokens().mint(Role.DRIVER, id("d"))).status()).isEqualTo(403);
        assertThat(rest.get("/wallets/" + userId, admin).text("balance")).isEqualTo("700");
        assertThat(rides.wallets().entries(Accounts.external("top_up")))
                .filteredOn(e -> e.entryId().equals(LedgerEntry.forTopUp(userId, "k-1"))).extracting(LedgerEntry::amount)
                .as("double entry: the money came from outside").containsExactly(-700L);
    }

    private RestClient.Response postWithKey(String userId, String admin, String key) {
        try {
            var request = java.net.http.HttpRequest.newBuilder(stack.gateway().restEndpoint().resolve("/wallets/" + userId + "/top-up"))
                    .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
                    .header("Idempotency-Key", key)
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"amount\":700}")).build();
            var response = java.net.http.HttpClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
            var json = stack.context().getBean(io.micronaut.json.JsonMapper.class);
            return new RestClient.Response(response.statusCode(), json.readValue(response.body(), JsonNode.class), response.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
