package io.ridewire.local.faults;

import io.micronaut.json.tree.JsonNode;
import io.ridewire.model.identity.Role;
import io.ridewire.local.LocalStack;
import io.ridewire.local.rides.Point;
import io.ridewire.local.rides.RideFixtures;
import io.ridewire.local.testing.Eventually;
import io.ridewire.local.testing.RestClient;
import io.ridewire.local.testing.WsClient;
import io.ridewire.model.matching.MatchState;
import io.ridewire.functions.matching.Matchmaker;
import io.ridewire.functions.payments.LedgerEntry;
import io.ridewire.model.payments.PaymentStatus;
import io.ridewire.functions.payments.PaymentStore;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

import static io.ridewire.local.rides.RideFixtures.ack;
import static io.ridewire.local.rides.RideFixtures.answer;
import static io.ridewire.local.rides.RideFixtures.id;
import static io.ridewire.local.rides.RideFixtures.pay;
import static io.ridewire.local.testing.WsClient.text;

/**
 * One chaos round's ride traffic, in three rides on real sockets. Before the fault: ride B is driven to its end and
 * its payment requested; ride C's passenger asks for a driver who will never answer; ride A's driver is proposed.
 * During the fault: A's driver accepts, B's passenger pays from the wallet, A's passenger is topped up. After it: A is confirmed to both
 * parties exactly once, driven, completed and paid; B is paid; C's proposal expired (its deadline fired) and the
 * match ended; every wallet holds its one top-up less its one debit, with one ledger entry per payment, and a
 * retried top-up credits nothing.
 */
final class RideChaos implements AutoCloseable {
    /** A 1 km ride with no adjustment: 3000 to pay, 2850 for the driver. */
    private static final long FARE = 3000;
    private static final long EARNINGS = 2850;
    private static final long TOP_UP = 10_000;

    private final LocalStack stack;
    private final RideFixtures rides;
    private final RestClient rest;
    private final String admin;
    private final List<WsClient> sockets = new ArrayList<>();
    private final List<String> missing = new ArrayList<>();
    private int checks;
    private Duration confirmedAfter;

    private final Side a = new Side();
    private final Side b = new Side();
    private final Side c = new Side();
    private String aMatch;
    private String bPayment;
    private String cMatch;

    /** A driver and a passenger at a pickup of their own, far from every other ride. */
    private final class Side {
        final String driverId = id("chaos-driver");
        final String passengerId = id("chaos-passenger");
        final Point pickup = Point.random();
        WsClient driver;
        WsClient passenger;

        void connect() {
            driver = open(rides.driverOn(driverId, pickup));
            passenger = open(rides.connect(Role.PASSENGER, passengerId));
        }
    }

    RideChaos(LocalStack stack, RestClient rest) {
        this.stack = stack;
        this.rides = new RideFixtures(stack);
        this.rest = rest;
        this.admin = stack.tokens().mint(Role.ADMIN, id("admin"));
    }

    /** Before the fault: B driven and billed, C and A proposed (C first, so it expires first). */
    void before() {
        b.connect();
        topUp(b.passengerId);
        String rideId = rides.completedOneKmRide(b.driver, b.passenger, b.pickup);
        JsonNode request = RideFixtures.awaitFor(b.passenger, "payment.request", "ride_id", rideId);
        ack(b.passenger, request);
        bPayment = text(request, "payload.payment_id");

        c.connect();
        cMatch = proposed(c);
        a.connect();
        aMatch = proposed(a);
    }

    /** During the fault: A's driver accepts and B's passenger pays (neither waits for an answer); A is topped up. */
    void during() {
        a.driver.send(answer(aMatch, "driver"));
        b.passenger.send(pay(bPayment, "wallet"));
        topUp(a.passengerId);
    }

    /**
     * After the fault (restarted at {@code restartedNanos}, {@link System#nanoTime()}), until {@code until}: what
     * must hold; returns what is missing.
     */
    List<String> after(long restartedNanos, Instant until) {
        // A: confirmed to both, then driven, completed and paid
        boolean confirmed = received(a.driver, about("match.confirmed", "match_id", aMatch), until);
        check(confirmed, "match.confirmed of " + aMatch + " to the driver");
        check(received(a.passenger, about("match.confirmed", "match_id", aMatch), until),
                "match.confirmed of " + aMatch + " to the passenger");
        confirmedAfter = Duration.ofNanos(System.nanoTime() - restartedNanos);

        // C: the proposal's deadline fired and, nobody else being near, the match ended; the passenger was told
        check(eventually(() -> matchmaker().find(cMatch).map(m -> m.state() instanceof MatchState.Cancelled)
                .orElse(false), until), "match " + cMatch + " not ended by its proposal expiry");
        check(received(c.passenger, about("match.cancelled", "match_id", cMatch), until),
                "match.cancelled of " + cMatch + " to its passenger");

        if (confirmed) {
            rideAndPay(until);
        }

        // B: the payment made during the fault completes (the passenger retries as the app does), once
        check(paid(b, bPayment, until), "payment " + bPayment + " of ride B");

        for (Side side : List.of(a, b)) {
            exactlyOnceDebited(side);
            topUp(side.passengerId); // retried with its key: credits nothing
            check(rides.balance(side.passengerId) == TOP_UP - FARE,
                    side.passengerId + " balance " + rides.balance(side.passengerId) + " after a retried top-up");
        }
        // a confirmation repeated by the outbox would show here as a second match.confirmed
        check(a.driver.poll(about("match.confirmed", "match_id", aMatch), Duration.ZERO) == null,
                "match.confirmed of " + aMatch + " twice to the driver");
        check(a.passenger.poll(about("match.confirmed", "match_id", aMatch), Duration.ZERO) == null,
                "match.confirmed of " + aMatch + " twice to the passenger");
        return missing;
    }

    /** From the restart until both parties of the match accepted during the fault had heard of it. */
    Duration confirmedAfter() {
        return confirmedAfter;
    }

    /** How many things were checked. */
    int checks() {
        return checks;
    }

    private void rideAndPay(Instant until) {
        a.driver.send(RideFixtures.start(aMatch, a.pickup));
        JsonNode started = poll(a.driver, about("ride.started", "match_id", aMatch), until);
        if (started == null) {
            check(false, "ride.started of " + aMatch);
            return;
        }
        String rideId = text(started, "payload.ride_id");
        Instant t0 = Instant.now();
        for (int k = 1; k <= 2; k++) {
            a.driver.send(RideFixtures.fix(rideId, a.pickup.north(0.5 * k), 5, t0.plusSeconds(60L * k)));
            poll(a.driver, about("ride.progress", "ride_id", rideId), until);
        }
        a.driver.send(RideFixtures.arrived(rideId, a.pickup.north(1), null));
        check(received(a.passenger, about("ride.completed", "ride_id", rideId), until), "ride.completed of " + rideId);
        JsonNode request = poll(a.passenger, about("payment.request", "ride_id", rideId), until);
        if (request == null) {
            check(false, "payment.request of " + rideId);
            return;
        }
        ack(a.passenger, request);
        check(paid(a, text(request, "payload.payment_id"), until), "payment of ride " + rideId);
    }

    /** Pays as an app does: selects the wallet again whenever no completion came within a few seconds. */
    private boolean paid(Side side, String paymentId, Instant until) {
        Predicate<JsonNode> completed = about("payment.completed", "payment_id", paymentId);
        while (Instant.now().isBefore(until)) {
            if (side.passenger.poll(completed, Duration.ofSeconds(5)) != null) {
                return payments().find(paymentId).map(p -> p.status() == PaymentStatus.PAID).orElse(false);
            }
            side.passenger.send(pay(paymentId, "wallet"));
        }
        return false;
    }

    /** One debit per payment, one credit per top-up key, and the driver earned exactly one fare. */
    private void exactlyOnceDebited(Side side) {
        List<LedgerEntry> entries = rides.ledger(side.passengerId);
        List<Long> debits = entries.stream().filter(e -> e.amount() < 0).map(LedgerEntry::amount).toList();
        List<Long> credits = entries.stream().filter(e -> e.amount() > 0).map(LedgerEntry::amount).toList();
        check(debits.equals(List.of(-FARE)), side.passengerId + " debits " + debits);
        check(credits.equals(List.of(TOP_UP)), side.passengerId + " credits " + credits);
        check(entries.stream().filter(e -> e.paymentId() != null).map(LedgerEntry::paymentId).distinct().count()
                == debits.size(), side.passengerId + " ledger entries per payment " + entries);
        check(rides.balance(side.driverId) == EARNINGS, side.driverId + " earned " + rides.balance(side.driverId));
    }

    private String proposed(Side side) {
        side.passenger.send(RideFixtures.request(side.pickup, side.pickup.north(1)));
        JsonNode proposal = side.passenger.await("match.proposal", Duration.ofSeconds(30));
        ack(side.passenger, proposal);
        ack(side.driver, side.driver.await("match.proposal", Duration.ofSeconds(30)));
        return text(proposal, "payload.match_id");
    }

    /** An admin's top-up of one key per passenger, retried until answered (as a client with a key does). */
    private void topUp(String passengerId) {
        Eventually.until(() -> {
            try {
                return rest.post("/wallets/" + passengerId + "/top-up", admin, "{\"amount\":" + TOP_UP + "}",
                        "chaos-ride-top-up-" + passengerId).status() == 200;
            } catch (RuntimeException e) {
                return false;
            }
        }, Duration.ofSeconds(30));
    }

    private void check(boolean held, String what) {
        checks++;
        if (!held) {
            missing.add(what);
        }
    }

    private WsClient open(WsClient socket) {
        sockets.add(socket);
        return socket;
    }

    private Matchmaker matchmaker() {
        return stack.context().getBean(Matchmaker.class);
    }

    private PaymentStore payments() {
        return stack.context().getBean(PaymentStore.class);
    }

    private static Predicate<JsonNode> about(String type, String field, String value) {
        return m -> type.equals(text(m, "type")) && Objects.equals(value, text(m, "payload." + field));
    }

    private static JsonNode poll(WsClient socket, Predicate<JsonNode> matching, Instant until) {
        Duration left = Duration.between(Instant.now(), until);
        return socket.poll(matching, left.isNegative() ? Duration.ZERO : left);
    }

    private static boolean received(WsClient socket, Predicate<JsonNode> matching, Instant until) {
        return poll(socket, matching, until) != null;
    }

    private static boolean eventually(java.util.function.BooleanSupplier condition, Instant until) {
        while (Instant.now().isBefore(until)) {
            if (condition.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.getAsBoolean();
    }

    @Override
    public void close() {
        sockets.forEach(WsClient::close);
    }
}
