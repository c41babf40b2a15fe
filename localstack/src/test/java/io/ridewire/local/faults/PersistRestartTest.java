package io.ridewire.local.faults;

import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.ridewire.model.identity.Role;
import io.ridewire.local.DevTokens;
import io.ridewire.local.testing.Eventually;
import io.ridewire.local.faults.RideMessages.Spot;
import io.ridewire.local.testing.RestClient;
import io.ridewire.local.testing.WsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./ridewire up --persist DIR} killed with {@code kill -9} and started again on the same DIR: orders, wallets,
 * inboxes and their seqs are all still there, new events continue the sequence, a ride's payment requested before
 * the kill is debited exactly once after it, a proposal left open at the kill expires in the new process, and the
 * Redis and nats-server of the killed stack did not stay behind.
 */
class PersistRestartTest {
    /** A child JVM's answers on the shared 2-core machine under load (a beacon took over 30 s at a load of 40). */
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** Proposals expire soon after the kill; a ride's fixes are time-stamped minutes ahead and each is answered. */
    private static final Map<String, String> STACK_SETTINGS = Map.of(
            "ridewire.matching.proposal-timeout", "8s",
            "ridewire.location.max-clock-skew", "2h",
            "ridewire.rides.progress-interval", "0s");

    @Test
    void persistedStackKilledAndRestarted_ordersWalletsInboxesSeqsPaymentsAndDeadlinesIntact_noOrphans(@TempDir Path dir)
            throws Exception {
        DevTokens tokens = new DevTokens(DevTokens.LOCAL_SECRET, Clock.systemUTC());
        String customer = "customer-" + UUID.randomUUID().toString().substring(0, 8);
        String store = "store-" + UUID.randomUUID().toString().substring(0, 8);
        String customerToken = tokens.mint(Role.CUSTOMER, customer);
        String merchantToken = tokens.mint(Role.MERCHANT, "merchant-1", store, Duration.ofHours(1));
        String admin = tokens.mint(Role.ADMIN, "admin-1");
        Ride rider = Ride.fresh();
        Ride waiter = Ride.fresh();
        String orderBody = "{\"type\":\"delivery\",\"store_id\":\"" + store + "\",\"items\":[{\"sku\":\"a\",\"qty\":1}],"
                + "\"pickup\":{\"lat\":-6.2,\"lng\":106.8},\"drop\":{\"lat\":-6.23,\"lng\":106.8}}";

        try (ApplicationContext serde = ApplicationContext.run()) {
            JsonMapper json = serde.getBean(JsonMapper.class);
            String orderId;
            JsonNode eventsBefore;
            List<ProcessHandle> children;
            String paymentId;
            try (StackProcess first = StackProcess.start(dir, STACK_SETTINGS)) {
                RestClient rest = new RestClient(first.rest(), json);
                assertThat(rest.post("/wallets/" + customer + "/top-up", admin, "{\"amount\":50000}", "t-1").status())
                        .isEqualTo(200);
                RestClient.Response placed = rest.post("/orders", customerToken, orderBody, "o-1");
                assertThat(placed.status()).as(placed.raw()).isEqualTo(201);
                orderId = placed.text("order_id");
                RestClient.Response accepted = rest.post("/orders/" + orderId + "/status", merchantToken,
                        "{\"status\":\"accepted_by_merchant\"}");
                assertThat(accepted.status()).as(accepted.raw()).isEqualTo(200);
                Eventually.until(() -> rest.get("/events?since=0", customerToken).body().get("events").size() >= 1);
                eventsBefore = rest.get("/events?since=0", customerToken).body();
                paymentId = rideBilled(first, json, tokens, rider);
                proposalOpen(first, json, tokens, waiter);
                children = first.children();
                assertThat(children).as("the stack's Redis and nats-server").isNotEmpty();
                first.kill();
            }
            // no orphans: the servers noticed their parent was gone
            Eventually.until(() -> children.stream().noneMatch(ProcessHandle::isAlive), Duration.ofSeconds(15));

            try (StackProcess second = StackProcess.start(dir, STACK_SETTINGS)) {
                RestClient rest = new RestClient(second.rest(), json);
                RestClient.Response order = rest.get("/orders/" + orderId, customerToken);
                assertThat(order.status()).as(order.raw()).isEqualTo(200);
                assertThat(order.text("status")).isEqualTo("accepted_by_merchant");
                assertThat(rest.get("/wallets/" + customer, customerToken).text("balance")).isEqualTo("50000");
                // a retried top-up with the same key is still recognised: credited once
                assertThat(rest.post("/wallets/" + customer + "/top-up", admin, "{\"amount\":50000}", "t-1")
                        .text("balance")).isEqualTo("50000");

                JsonNode eventsAfter = rest.get("/events?since=0", customerToken).body();
                assertThat(eventsAfter.get("events").size()).isEqualTo(eventsBefore.get("events").size());
                assertThat(text(eventsAfter, "last_seq")).isEqualTo(text(eventsBefore, "last_seq"));
                for (int i = 0; i < eventsBefore.get("events").size(); i++) {
                    assertThat(text(eventsAfter.get("events").get(i), "id"))
                            .isEqualTo(text(eventsBefore.get("events").get(i), "id"));
                    assertThat(text(eventsAfter.get("events").get(i), "seq"))
                            .isEqualTo(text(eventsBefore.get("events").get(i), "seq"));
                }

                // new events continue the sequence instead of starting again at 1
                long lastSeq = Long.parseLong(text(eventsBefore, "last_seq"));
                assertThat(rest.post("/orders/" + orderId + "/status", merchantToken, "{\"status\":\"preparing\"}")
                        .status()).isEqualTo(200);
                Eventually.until(() -> Long.parseLong(text(rest.get("/events?since=0", customerToken).body(),
                        "last_seq")) > lastSeq);
                JsonNode next = rest.get("/events?since=" + lastSeq, customerToken).body();
                assertThat(text(next.get("events").get(0), "seq")).isEqualTo(Long.toString(lastSeq + 1));

                // the ride's payment, requested before the kill, is debited once however often it is selected
                try (WsClient passenger = connect(second, json, tokens.mint(Role.PASSENGER, rider.passengerId))) {
                    passenger.send(RideMessages.pay(paymentId, "wallet"));
                    passenger.await(about("payment.completed", "payment_id", paymentId), WAIT,
                            "payment.completed");
                    passenger.send(RideMessages.pay(paymentId, "wallet"));
                    passenger.await(m -> "pay-1".equals(text(m, "id")) && "payment.completed".equals(text(m, "type")),
                            WAIT, "the completion again");
                }
                assertThat(rest.get("/wallets/" + rider.passengerId, admin).text("balance")).isEqualTo("7000");
                assertThat(rest.get("/wallets/" + rider.driverId, admin).text("balance")).isEqualTo("2850");

                // the proposal open at the kill expired in this process (its deadline was in DynamoDB): the
                // passenger's open match ended, so asking again is no longer refused as a second open match
                try (WsClient passenger = connect(second, json, tokens.mint(Role.PASSENGER, waiter.passengerId))) {
                    Eventually.until(() -> {
                        passenger.send(RideMessages.request(waiter.pickup, waiter.pickup.north(1)));
                        JsonNode answer = passenger.poll(m -> List.of("error.validation", "match.proposal",
                                "match.cancelled").contains(text(m, "type")), Duration.ofSeconds(10));
                        return answer != null && !"error.validation".equals(text(answer, "type"));
                    }, Duration.ofSeconds(60));
                }
            }
        }
    }

    /** A driver and a passenger of one ride, at a pickup of their own. */
    private record Ride(String driverId, String passengerId, Spot pickup) {
        static Ride fresh() {
            String suffix = UUID.randomUUID().toString().substring(0, 8);
            return new Ride("driver-" + suffix, "passenger-" + suffix, Spot.random());
        }
    }

    /** A ride driven 1 km to its end on the first stack, with a topped-up passenger; returns its payment id. */
    private static String rideBilled(StackProcess stack, JsonMapper json, DevTokens tokens, Ride ride) {
        RestClient rest = new RestClient(stack.rest(), json);
        assertThat(rest.post("/wallets/" + ride.passengerId + "/top-up", tokens.mint(Role.ADMIN, "admin-1"),
                "{\"amount\":10000}", "t-ride").status()).isEqualTo(200);
        try (WsClient driver = onDuty(stack, json, tokens, ride);
             WsClient passenger = connect(stack, json, tokens.mint(Role.PASSENGER, ride.passengerId))) {
            passenger.send(RideMessages.request(ride.pickup, ride.pickup.north(1)));
            JsonNode proposal = passenger.await("match.proposal", WAIT);
            String matchId = text(proposal, "payload.match_id");
            RideMessages.ack(passenger, proposal);
            RideMessages.ack(driver, driver.await("match.proposal", WAIT));
            driver.send(RideMessages.answer(matchId, "driver"));
            passenger.await("match.confirmed", WAIT);
            driver.send(RideMessages.start(matchId, ride.pickup));
            String rideId = text(driver.await("ride.started", WAIT), "payload.ride_id");
            Instant t0 = Instant.now();
            for (int k = 1; k <= 2; k++) {
                driver.send(RideMessages.fix(rideId, ride.pickup.north(0.5 * k), 5, t0.plusSeconds(60L * k)));
                driver.await(about("ride.progress", "ride_id", rideId), WAIT, "ride.progress");
            }
            driver.send(RideMessages.arrived(rideId, ride.pickup.north(1)));
            JsonNode request = passenger.await(about("payment.request", "ride_id", rideId), WAIT,
                    "payment.request");
            RideMessages.ack(passenger, request);
            assertThat(text(request, "payload.amount")).isEqualTo("3000");
            return text(request, "payload.payment_id");
        }
    }

    /** A proposal made on the first stack and left unanswered when it is killed. */
    private static void proposalOpen(StackProcess stack, JsonMapper json, DevTokens tokens, Ride ride) {
        try (WsClient driver = onDuty(stack, json, tokens, ride);
             WsClient passenger = connect(stack, json, tokens.mint(Role.PASSENGER, ride.passengerId))) {
            passenger.send(RideMessages.request(ride.pickup, ride.pickup.north(1)));
            passenger.await("match.proposal", WAIT);
            driver.await("match.proposal", WAIT);
        }
    }

    private static WsClient onDuty(StackProcess stack, JsonMapper json, DevTokens tokens, Ride ride) {
        WsClient driver = connect(stack, json, tokens.mint(Role.DRIVER, ride.driverId));
        driver.send(RideMessages.beacon(ride.pickup));
        driver.await("beacon.status", WAIT);
        return driver;
    }

    private static WsClient connect(StackProcess stack, JsonMapper json, String token) {
        WsClient client = WsClient.connectWithHeader(stack.webSocket(), token, json);
        client.await("connection.established", WAIT);
        return client;
    }

    private static Predicate<JsonNode> about(String type, String field, String value) {
        return m -> type.equals(text(m, "type")) && Objects.equals(value, text(m, "payload." + field));
    }

    private static String text(JsonNode node, String path) {
        return WsClient.text(node, path);
    }
}
