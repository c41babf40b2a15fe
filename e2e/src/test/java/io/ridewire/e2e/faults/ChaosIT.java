package io.ridewire.e2e.faults;

import io.ridewire.e2e.fixtures.RideChaos;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.ridewire.functions.events.NatsConnection;
import io.ridewire.model.identity.Role;
import io.ridewire.local.LocalStack;
import io.ridewire.e2e.fixtures.BridgeProcess;
import io.ridewire.local.testing.Eventually;
import io.ridewire.e2e.fixtures.Notifications;
import io.ridewire.local.testing.RestClient;
import io.ridewire.local.testing.ServerProcess;
import io.ridewire.local.testing.TestStacks;
import io.ridewire.local.testing.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static io.ridewire.local.testing.WsClient.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chaos suite. Drives the order flow, the ride flow with wallet payments ({@link RideChaos}), wallet top-ups and
 * back-end notifications through the bridge while one component at a time is taken down and brought back: Redis
 * ({@code kill -9}, comes back empty), nats-server ({@code kill -9}, same store), the bridge (its own JVM, as the
 * container runs it: {@code kill -9}, then a new one). Every customer places an order; during the fault the merchant
 * accepts half of them (the rest must be cancelled by their window), a driver accepts a proposal, a passenger pays a
 * ride, a proposal nobody answers expires, every customer is topped up (the admin retries with the same key until
 * answered) and is sent a notification. Then, for each round: every order is accepted or cancelled by its deadline
 * (none stuck), every status event is in the customer's inbox (delivered or replayable by {@code sync}), every
 * notification reached its customer, the accepted match was confirmed to both parties once and its ride driven and
 * paid, the unanswered proposal expired, every payment debited once and every wallet was credited exactly once. The
 * short form (one round per fault) runs with the tests; {@code ./ridewire chaos} runs more rounds
 * ({@code RIDEWIRE_CHAOS_ROUNDS}) and writes {@code e2e/target/chaos-report.md}.
 */
class ChaosIT {
    // long enough that placing every order and accepting half fits in it on a loaded machine
    private static final int WINDOW_SECONDS = 10;
    private static final int PROPOSAL_SECONDS = 10;
    private static final int CUSTOMERS = 4;
    private static final long TOP_UP = 25_000;

    private static ServerProcess redis;
    private static ServerProcess nats;
    private static LocalStack stack;
    private static BridgeProcess bridge;
    private static JsonMapper json;
    private static RestClient rest;

    enum Fault {
        REDIS, NATS, BRIDGE
    }

    record Round(Fault fault, int events, int lost, Duration recovery, Duration confirmed, List<String> missing) {
    }

    @BeforeAll
    static void start() {
        redis = ServerProcess.redis();
        nats = ServerProcess.nats();
        stack = TestStacks.start(b -> b.redisUri(redis.redisUri()).natsUrl(nats.natsUrl()).bridge(false)
                .property("ridewire.orders.merchant-timeout", WINDOW_SECONDS + "s")
                // a proposal made before the fault expires around its end; one accepted during it is still open
                .property("ridewire.matching.proposal-timeout", PROPOSAL_SECONDS + "s")
                // a ride's fixes are sent time-stamped minutes ahead, and each is answered with ride.progress
                .property("ridewire.location.max-clock-skew", "2h")
                .property("ridewire.rides.progress-interval", "0s")
                .property("ridewire.delivery.redelivery-initial", "500ms")
                .property("ridewire.delivery.redelivery-max", "2s"));
        json = stack.context().getBean(JsonMapper.class);
        rest = new RestClient(stack.gateway().restEndpoint(), json);
        bridge = startBridge();
    }

    private static BridgeProcess startBridge() {
        try {
            return BridgeProcess.start(stack, Map.of());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void stop() throws InterruptedException {
        bridge.close();
        stack.close();
        nats.close();
        redis.close();
    }

    @Test
    void everyFaultOneAtATime_nothingLost_everyDeadlineFires_everyWalletCreditedOnce() throws IOException {
        int rounds = Integer.parseInt(System.getenv().getOrDefault("RIDEWIRE_CHAOS_ROUNDS", "1"));
        List<Round> results = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            for (Fault fault : Fault.values()) {
                results.add(round(fault));
            }
        }
        report(results, rounds);
        assertThat(results).allSatisfy(r -> assertThat(r.lost()).as(r.fault() + " lost").isZero());
    }

    private Round round(Fault fault) {
        String store = TestStacks.uniqueId("store");
        String admin = stack.tokens().mint(Role.ADMIN, TestStacks.uniqueId("admin"));
        String merchantToken = stack.tokens().mint(Role.MERCHANT, TestStacks.uniqueId("merchant"), store,
                Duration.ofHours(1));
        List<String> customers = new ArrayList<>();
        List<WsClient> sockets = new ArrayList<>();
        List<String> orders = new ArrayList<>();
        try (RideChaos rides = new RideChaos(stack, rest)) {
            for (int i = 0; i < CUSTOMERS; i++) {
                String customer = TestStacks.uniqueId("customer");
                customers.add(customer);
                WsClient socket = WsClient.connectWithHeader(stack.webSocketUri(), token(customer), json);
                socket.await("connection.established", Duration.ofSeconds(30)); // a busy machine starts slowly
                sockets.add(socket);
            }
            rides.before(); // before the orders: their windows must still be open when the fault comes
            for (String customer : customers) {
                orders.add(answered(() -> rest.post("/orders", token(customer), orderBody(store),
                        "chaos-" + customer)).text("order_id"));
            }

            Instant lastPlaced = Instant.now();
            down(fault);
            long restarted;
            try {
                rides.during();
                // the merchant accepts half, within their window (accepting after the fault would come too late:
                // the fault outlasts the window); the others are left to their window, which closes during the fault
                for (int i = 0; i < CUSTOMERS; i += 2) {
                    accept(merchantToken, orders.get(i));
                }
                if (fault != Fault.NATS) {
                    // stored by JetStream while the relay (or its Redis ledger) is down: delivered once it is back
                    customers.forEach(customer -> Notifications.publish(natsConnection(), customer, "chaos"));
                }
                // the fault outlasts every window: the other half must be cancelled by theirs
                sleep(Duration.between(Instant.now(), lastPlaced.plusSeconds(WINDOW_SECONDS + 1)));
            } finally {
                up(fault);
                restarted = System.nanoTime();
            }
            List<String> rideMissing = rides.after(restarted, Instant.now().plusSeconds(90));
            for (String customer : customers) {
                answered(() -> rest.post("/wallets/" + customer + "/top-up", admin, "{\"amount\":" + TOP_UP + "}",
                        "chaos-top-up-" + customer));
                if (fault == Fault.NATS) {
                    Notifications.publish(natsConnection(), customer, "chaos");
                }
            }

            int events = 0;
            List<String> missing = new ArrayList<>();
            Instant until = Instant.now().plusSeconds(60);
            for (int i = 0; i < CUSTOMERS; i++) {
                String customer = customers.get(i);
                String orderId = orders.get(i);
                String expected = i % 2 == 0 ? "accepted_by_merchant" : "cancelled";
                events += 3; // the order's status event, the notification, the top-up
                if (!eventually(() -> expected.equals(rest.get("/orders/" + orderId, token(customer)).text("status")),
                        until)) {
                    missing.add(orderId + " not " + expected);
                } else if (!eventually(() -> inboxHas(customer, orderId, expected), until)) {
                    missing.add(orderId + " " + expected + " not in the inbox");
                }
                if (!received(sockets.get(i), "notification.message", "chaos", until)) {
                    missing.add("notification to " + customer);
                }
                if (!Long.toString(TOP_UP).equals(rest.get("/wallets/" + customer, token(customer)).text("balance"))) {
                    missing.add("top-up of " + customer);
                }
            }
            missing.addAll(rideMissing);
            events += rides.checks();
            // retrying every top-up once more with its key credits nothing
            for (String customer : customers) {
                answered(() -> rest.post("/wallets/" + customer + "/top-up", admin, "{\"amount\":" + TOP_UP + "}",
                        "chaos-top-up-" + customer));
                if (!Long.toString(TOP_UP).equals(rest.get("/wallets/" + customer, token(customer)).text("balance"))) {
                    missing.add("top-up of " + customer + " credited twice");
                }
            }
            return new Round(fault, events, missing.size(), Duration.ofNanos(System.nanoTime() - restarted),
                    rides.confirmedAfter(), missing);
        } finally {
            sockets.forEach(WsClient::close);
        }
    }

    private static void down(Fault fault) {
        switch (fault) {
            case REDIS -> redis.kill();
            case NATS -> nats.kill();
            case BRIDGE -> {
                try {
                    bridge.kill();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private static void up(Fault fault) {
        switch (fault) {
            case REDIS -> redis.start();
            case NATS -> nats.start();
            case BRIDGE -> bridge = startBridge();
        }
    }

    /** The merchant accepts, retrying as a client would; a retry that finds it already accepted is done. */
    private static void accept(String merchantToken, String orderId) {
        Eventually.until(() -> {
            RestClient.Response moved = rest.post("/orders/" + orderId + "/status", merchantToken,
                    "{\"status\":\"accepted_by_merchant\"}");
            return moved.status() == 200 || (moved.status() == 409 && moved.raw().contains("accepted_by_merchant"))
                    || moved.status() == 409 && moved.raw().contains("cancelled");
        }, Duration.ofSeconds(30));
    }

    private boolean inboxHas(String customer, String orderId, String status) {
        JsonNode page = rest.get("/events?since=0", token(customer)).body();
        if (page == null || page.get("events") == null) {
            return false;
        }
        for (JsonNode event : page.get("events").values()) {
            if ("order:status_update".equals(text(event, "type")) && orderId.equals(text(event, "payload.order_id"))
                    && status.equals(text(event, "payload.status"))) {
                return true;
            }
        }
        return false;
    }

    private static boolean received(WsClient socket, String type, String title, Instant until) {
        try {
            socket.await(m -> type.equals(text(m, "type")) && title.equals(text(m, "payload.title")),
                    Duration.between(Instant.now(), until).isNegative() ? Duration.ofMillis(1)
                            : Duration.between(Instant.now(), until), type);
            return true;
        } catch (AssertionError missing) {
            return false;
        }
    }

    private static boolean eventually(java.util.function.BooleanSupplier condition, Instant until) {
        try {
            Eventually.until(condition, Duration.between(Instant.now(), until).isNegative() ? Duration.ofMillis(1)
                    : Duration.between(Instant.now(), until));
            return true;
        } catch (AssertionError late) {
            return false;
        }
    }

    /** A request retried until it is answered with a 2xx, as a client with an Idempotency-Key does. */
    private static RestClient.Response answered(java.util.function.Supplier<RestClient.Response> request) {
        RestClient.Response[] last = new RestClient.Response[1];
        Eventually.until(() -> {
            try {
                last[0] = request.get();
                return last[0].status() / 100 == 2;
            } catch (RuntimeException e) {
                return false;
            }
        }, Duration.ofSeconds(30));
        return last[0];
    }

    private static NatsConnection natsConnection() {
        return stack.context().getBean(NatsConnection.class);
    }

    private static String token(String customer) {
        return stack.tokens().mint(Role.CUSTOMER, customer);
    }

    private static String orderBody(String store) {
        double lat = ThreadLocalRandom.current().nextDouble(-50, 50);
        double lng = ThreadLocalRandom.current().nextDouble(-170, 170);
        return String.format(Locale.ROOT, "{\"type\":\"delivery\",\"store_id\":\"%s\",\"items\":[{\"sku\":\"a\",\"qty\":1}],"
                + "\"pickup\":{\"lat\":%.5f,\"lng\":%.5f},\"drop\":{\"lat\":%.5f,\"lng\":%.5f}}", store, lat, lng, lat + 0.02, lng);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void report(List<Round> results, int rounds) throws IOException {
        StringBuilder out = new StringBuilder("| fault | rounds | events checked | lost "
                + "| match accepted during the fault: restart → both told, max | recovery (restart → all checks true), max |\n"
                + "| --- | --- | --- | --- | --- | --- |\n");
        for (Fault fault : Fault.values()) {
            List<Round> of = results.stream().filter(r -> r.fault() == fault).toList();
            out.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %.1f s | %.1f s |%n",
                    fault.name().toLowerCase(Locale.ROOT), of.size(), of.stream().mapToInt(Round::events).sum(),
                    of.stream().mapToInt(Round::lost).sum(),
                    of.stream().mapToLong(r -> r.confirmed().toMillis()).max().orElse(0) / 1000.0,
                    of.stream().mapToLong(r -> r.recovery().toMillis()).max().orElse(0) / 1000.0));
        }
        results.stream().filter(r -> r.lost() > 0)
                .forEach(r -> out.append("\n").append(r.fault()).append(" missing: ").append(r.missing()));
        Path file = Path.of("target", "chaos-report.md");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "Chaos suite, " + rounds + " round(s), " + Instant.now() + "\n\n" + out);
        System.out.println(out);
    }
}
