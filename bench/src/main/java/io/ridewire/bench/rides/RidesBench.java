package io.ridewire.bench.rides;

import io.ridewire.bench.load.HandlerRuns;

import io.ridewire.bench.load.BenchOptions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import io.micronaut.json.JsonMapper;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.ridewire.functions.aws.DynamoCallCounter;
import io.ridewire.bench.Bench;
import io.ridewire.bench.load.Percentiles;
import io.ridewire.model.billing.Settlement;
import io.ridewire.deployment.StreamCatalogue;
import io.ridewire.deployment.StreamSpec;
import io.ridewire.model.identity.Role;
import io.ridewire.local.FreePorts;
import io.ridewire.local.LocalStack;
import io.ridewire.functions.location.LocationUpdateHandler;
import io.ridewire.model.payments.Payment;
import io.ridewire.model.payments.PaymentKind;
import io.ridewire.functions.payments.PaymentCompletions;
import io.ridewire.functions.payments.PaymentSettlement;
import io.ridewire.functions.payments.PaymentStore;
import io.ridewire.functions.payments.Wallets;
import io.ridewire.functions.redis.RedisConnections;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code ./ridewire bench rides}: whole rides through the local stack — match, {@code ride.start}, the driver's
 * location updates (the real {@code location.update} handler invoked as Lambda would, one ride's fix after another),
 * {@code ride.arrived}, {@code payment.method_selected} — measuring the handler per fix (with Redis commands and
 * DynamoDB calls per fix), the payment round trip, the settling transaction alone, and the DynamoDB capacity units
 * each phase consumes ({@code ReturnConsumedCapacity=TOTAL} on every call, summed by the SDK interceptor).
 */
public final class RidesBench implements Bench.Scenario {

    @Override
    public String description() {
        return "ride progress per location fix, payment transaction, DynamoDB capacity per completed ride";
    }

    @Override
    public void run(String[] args) throws Exception {
        Map<String, String> options = BenchOptions.parse(args);
        int rides = Integer.parseInt(options.getOrDefault("rides", "100"));
        int fixes = Integer.parseInt(options.getOrDefault("fixes", "60"));
        int settles = Integer.parseInt(options.getOrDefault("settles", "500"));
        int concurrency = Integer.parseInt(options.getOrDefault("concurrency", "8"));
        String interval = options.getOrDefault("progress-interval", "5s");

        String isolation = "bench" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        LocalStack stack = LocalStack.start(LocalStack.builder()
                .port(0)
                .isolation(isolation)
                .redisUri("redis://127.0.0.1:" + FreePorts.next()) // nothing listens: a private redis-server starts
                .natsUrl("nats://127.0.0.1:" + FreePorts.next()) // and a private nats-server
                .property("ridewire.rides.progress-interval", interval)
                .property("ridewire.location.max-clock-skew", "24h")
                .property("ridewire.rate-limit.overrides", "location.update=1000000/60s,ack=100000/60s")
                .build());
        try {
            DynamoCallCounter dynamo = stack.context().getBean(DynamoCallCounter.class);
            dynamo.measureCapacity(true);
            Phases phases = new Phases();
            Percentiles perFix = new Percentiles();
            Percentiles payRoundTrip = new Percentiles();
            var redis = stack.context().getBean(RedisConnections.class).strings().orElseThrow().sync();
            Map<String, Long> redisDuringFixes = new TreeMap<>();
            Map<String, Long> dynamoDuringFixes = new TreeMap<>();
            JsonMapper json = stack.context().getBean(JsonMapper.class);
            LocationUpdateHandler handler = new LocationUpdateHandler(stack.context());
            Wallets wallets = stack.context().getBean(Wallets.class);
            SplittableRandom random = new SplittableRandom(42);
            int warmup = Math.min(10, rides);
            for (int i = 0; i < rides + warmup; i++) {
                boolean measured = i >= warmup;
                oneRide(stack, json, handler, wallets, random, i, fixes, measured ? phases : new Phases(),
                        measured ? perFix : new Percentiles(), measured ? payRoundTrip : new Percentiles(),
                        measured ? redisDuringFixes : new TreeMap<>(), measured ? dynamoDuringFixes : new TreeMap<>(),
                        redis, dynamo);
            }
            Percentiles settleAlone = new Percentiles();
            AtomicInteger busy = new AtomicInteger();
            settleLoop(stack, settles, 1, settleAlone, busy);
            Percentiles settleConcurrent = new Percentiles();
            settleLoop(stack, settles, concurrency, settleConcurrent, busy);

            System.out.printf(Locale.ROOT, "%n## Rides and payments (issue 4)%n%n");
            System.out.printf(Locale.ROOT, "Command: `./ridewire bench rides%s` — %d rides (after %d warm-up rides), one "
                    + "at a time, %d fixes each, progress interval %s; private redis-server and nats-server, "
                    + "DynamoDB Local in process.%n%n", args.length == 0 ? "" : " " + String.join(" ", args), rides,
                    warmup, fixes, interval);
            System.out.printf(Locale.ROOT, "| measurement | n | p50 | p90 | p99 | max |%n| --- | --- | --- | --- | --- | --- |%n");
            row("`location.update` with `ride_id` (handler in process: pool, geofence, odometer, tracking push, "
                    + (interval.equals("0s") ? "progress to both + JetStream on every fix)" : "progress every " + interval + ")"),
                    perFix, "");
            row("`payment.method_selected` → `payment.completed` at the passenger (WebSocket round trip)", payRoundTrip, "");
            row("settling transaction alone (TransactWriteItems, 7 items), one at a time", settleAlone, "");
            row("settling transaction alone, " + concurrency + " concurrent payments (platform fee over 8 wallet items)",
                    settleConcurrent, "");
            System.out.printf(Locale.ROOT, "%nPer fix: Redis commands %s; DynamoDB calls %s. Settlements that gave up on "
                    + "conflicts: %d of %d.%n", perUnit(redisDuringFixes, (long) rides * fixes),
                    perUnit(dynamoDuringFixes, (long) rides * fixes), busy.get(), 2 * settles);
            System.out.printf(Locale.ROOT, "%nDynamoDB capacity per completed ride (ReturnConsumedCapacity, mean of %d rides):%n%n"
                    + "| phase | read units | write units | calls |%n| --- | --- | --- | --- |%n", rides);
            for (String phase : phases.order) {
                System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %s |%n", phase, phases.read.get(phase) / rides,
                        phases.write.get(phase) / rides, perUnit(phases.calls.get(phase), rides));
            }
            System.out.printf(Locale.ROOT, "| **ride (start → paid)** | **%.1f** | **%.1f** | |%n",
                    phases.total(phases.read, "match") / rides, phases.total(phases.write, "match") / rides);
        } finally {
            stack.close();
        }
    }

    /** Capacity and calls per phase of a ride. */
    private static final class Phases {
        final List<String> order = new ArrayList<>();
        final Map<String, Double> read = new HashMap<>();
        final Map<String, Double> write = new HashMap<>();
        final Map<String, Map<String, Long>> calls = new HashMap<>();

        void add(String phase, DynamoCallCounter.Capacity before, DynamoCallCounter.Capacity after,
                 Map<String, Long> callsBefore, Map<String, Long> callsAfter) {
            if (!order.contains(phase)) {
                order.add(phase);
            }
            read.merge(phase, after.readUnits() - before.readUnits(), Double::sum);
            write.merge(phase, after.writeUnits() - before.writeUnits(), Double::sum);
            Map<String, Long> phaseCalls = calls.computeIfAbsent(phase, k -> new TreeMap<>());
            callsAfter.forEach((op, n) -> {
                long delta = n - callsBefore.getOrDefault(op, 0L);
                if (delta > 0) {
                    phaseCalls.merge(op, delta, Long::sum);
                }
            });
        }

        double total(Map<String, Double> units, String except) {
            return units.entrySet().stream().filter(e -> !e.getKey().startsWith(except)).mapToDouble(Map.Entry::getValue).sum();
        }
    }

    private static void oneRide(LocalStack stack, JsonMapper json, LocationUpdateHandler handler, Wallets wallets,
                                SplittableRandom random, int n, int fixes, Phases phases, Percentiles perFix,
                                Percentiles payRoundTrip, Map<String, Long> redisCalls, Map<String, Long> dynamoCalls,
                                io.lettuce.core.api.sync.RedisCommands<String, String> redis,
                                DynamoCallCounter dynamo) throws Exception {
        String driverId = "rb-driver-" + n;
        String passengerId = "rb-passenger-" + n;
        double lat = random.nextDouble(-6.40, -6.15);
        double lon = random.nextDouble(106.65, 107.00);
        wallets.topUp(passengerId, 1_000_000, "seed-" + n);
        try (RideSocket driver = RideSocket.connect(stack.webSocketUri(), stack.tokens().mint(Role.DRIVER, driverId), json);
             RideSocket passenger = RideSocket.connect(stack.webSocketUri(), stack.tokens().mint(Role.PASSENGER, passengerId), json)) {
            driver.send(String.format(Locale.ROOT, "{\"type\":\"beacon.update\",\"payload\":{\"is_active\":true,"
                    + "\"user_type\":\"driver\",\"location\":{\"latitude\":%s,\"longitude\":%s,\"accuracy\":5},"
                    + "\"vehicle_info\":{\"type\":\"motorcycle\",\"license_plate\":\"B%dRB\"}}}", lat, lon, n));
            driver.await("beacon.status");

            var capacity = dynamo.capacity();
            var calls = dynamo.snapshot();
            double destLat = lat + 0.0288; // 3.2 km north
            passenger.send(String.format(Locale.ROOT, "{\"type\":\"match.request\",\"payload\":{"
                    + "\"pickup_location\":{\"latitude\":%s,\"longitude\":%s},\"destination_location\":{\"latitude\":%s,"
                    + "\"longitude\":%s},\"preferences\":{\"vehicle_type\":\"motorcycle\"}}}", lat, lon, destLat, lon));
            RideSocket.Received proposal = passenger.await("match.proposal");
            String matchId = proposal.text("payload.match_id");
            passenger.ack(proposal);
            driver.ack(driver.await("match.proposal"));
            driver.send("{\"type\":\"match.accept\",\"payload\":{\"match_id\":\"" + matchId + "\"}}");
            passenger.send("{\"type\":\"match.accept\",\"payload\":{\"match_id\":\"" + matchId + "\"}}");
            driver.await("match.confirmed");
            passenger.await("match.confirmed");
            phases.add("match (issue 3: request → confirmed, for reference)", capacity, dynamo.capacity(), calls, dynamo.snapshot());

            capacity = dynamo.capacity();
            calls = dynamo.snapshot();
            driver.send(String.format(Locale.ROOT, "{\"type\":\"ride.start\",\"payload\":{\"match_id\":\"%s\","
                    + "\"location\":{\"latitude\":%s,\"longitude\":%s,\"accuracy\":5}}}", matchId, lat, lon));
            String rideId = driver.await("ride.started").text("payload.ride_id");
            passenger.await("ride.started");
            phases.add("`ride.start` → `ride.started`", capacity, dynamo.capacity(), calls, dynamo.snapshot());

            capacity = dynamo.capacity();
            calls = dynamo.snapshot();
            Map<String, Long> redisBefore = HandlerRuns.commandStats(redis.info("commandstats"));
            Instant t0 = Instant.now();
            double step = 0.0288 / fixes;
            for (int k = 1; k <= fixes; k++) {
                String body = String.format(Locale.ROOT, "{\"type\":\"location.update\",\"payload\":{\"location\":{"
                        + "\"latitude\":%s,\"longitude\":%s,\"accuracy\":8.0,\"speed\":10.0,\"heading\":0.0},"
                        + "\"ride_id\":\"%s\",\"timestamp\":\"%s\"}}", lat + step * k, lon, rideId, t0.plusSeconds(5L * k));
                APIGatewayV2WebSocketEvent event = HandlerRuns.locationUpdate(driverId, body);
                long start = System.nanoTime();
                var response = handler.handleRequest(event, null);
                perFix.add(System.nanoTime() - start);
                if (response.getBody() != null) {
                    throw new IllegalStateException("location.update was answered: " + response.getBody());
                }
            }
            Map<String, Long> redisAfter = HandlerRuns.commandStats(redis.info("commandstats"));
            redisAfter.merge("info", -1L, Long::sum);
            redisAfter.forEach((name, count) -> {
                long delta = count - redisBefore.getOrDefault(name, 0L);
                if (delta > 0) {
                    redisCalls.merge(name, delta, Long::sum);
                }
            });
            Map<String, Long> callsBeforeFixes = calls;
            dynamo.snapshot().forEach((name, count) -> {
                long delta = count - callsBeforeFixes.getOrDefault(name, 0L);
                if (delta > 0) {
                    dynamoCalls.merge(name, delta, Long::sum);
                }
            });
            phases.add(fixes + " location updates", capacity, dynamo.capacity(), calls, dynamo.snapshot());
            driver.clear();
            passenger.clear();

            capacity = dynamo.capacity();
            calls = dynamo.snapshot();
            driver.send(String.format(Locale.ROOT, "{\"type\":\"ride.arrived\",\"payload\":{\"ride_id\":\"%s\","
                    + "\"arrival_location\":{\"latitude\":%s,\"longitude\":%s},\"adjustment_factor\":0.9}}", rideId, destLat, lon));
            driver.await("ride.completed");
            passenger.await("ride.completed");
            RideSocket.Received request = passenger.await("payment.request");
            passenger.ack(request);
            phases.add("`ride.arrived` → `ride.completed` + `payment.request` (durable, acked)", capacity,
                    dynamo.capacity(), calls, dynamo.snapshot());

            capacity = dynamo.capacity();
            calls = dynamo.snapshot();
            String paymentId = request.text("payload.payment_id");
            long sent = System.nanoTime();
            passenger.send("{\"type\":\"payment.method_selected\",\"payload\":{\"payment_id\":\"" + paymentId
                    + "\",\"method\":\"wallet\"}}");
            RideSocket.Received paid = passenger.await(r -> "payment.completed".equals(r.text("type")), "payment.completed");
            payRoundTrip.add(paid.arrivedNanos() - sent);
            driver.await("payment.completed");
            phases.add("`payment.method_selected` → `payment.completed` to both (durable)", capacity, dynamo.capacity(),
                    calls, dynamo.snapshot());
            driver.send("{\"type\":\"beacon.update\",\"payload\":{\"is_active\":false,\"user_type\":\"driver\"}}");
            driver.await("beacon.status");
        }
    }

    /** The settling transaction alone, on payments created and claimed beforehand (not timed). */
    private static void settleLoop(LocalStack stack, int count, int threads, Percentiles latencies, AtomicInteger busy)
            throws Exception {
        PaymentStore store = stack.context().getBean(PaymentStore.class);
        PaymentSettlement settlement = stack.context().getBean(PaymentSettlement.class);
        PaymentCompletions completions = stack.context().getBean(PaymentCompletions.class);
        Wallets wallets = stack.context().getBean(Wallets.class);
        DynamoDbClient dynamo = stack.context().getBean(DynamoDbClient.class);
        List<Payment> claimed = new ArrayList<>();
        String run = UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < count; i++) {
            String passenger = "sb-passenger-" + run + "-" + i;
            wallets.topUp(passenger, 100_000, "sb-" + run + "-" + i);
            Instant now = Instant.now();
            Payment payment = Payment.request(UUID.randomUUID().toString(), "sb-ride-" + i, PaymentKind.RIDE_FARE,
                    passenger, "sb-driver-" + run + "-" + (i % 50), 9600, Settlement.split(8640, new BigDecimal("5.0")),
                    now, now.plusSeconds(600));
            dynamo.transactWriteItems(b -> b.transactItems(store.create(payment)));
            claimed.add(store.claim(payment.paymentId(), UUID.randomUUID().toString(), "wallet", now,
                    now.plusSeconds(600)).orElseThrow());
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> done = new ArrayList<>();
            for (Payment payment : claimed) {
                done.add(pool.submit(() -> {
                    long start = System.nanoTime();
                    // with its outbox entry, as a selection settles (the poller tells the made-up parties later)
                    var result = settlement.settle(payment, payment.transactionId(), null, Instant.now(),
                            completions.write(completions.entry(payment.paymentId(), 0)));
                    latencies.add(System.nanoTime() - start);
                    if (!(result instanceof PaymentSettlement.Result.Settled)) {
                        busy.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
    }

    private static void row(String what, Percentiles p, String suffix) {
        System.out.printf(Locale.ROOT, "| %s%s | %d | %.2f ms | %.2f ms | %.2f ms | %.2f ms |%n", what, suffix,
                p.count(), p.millis(0.5), p.millis(0.9), p.millis(0.99), p.millis(1.0));
    }

    private static String perUnit(Map<String, Long> counts, long units) {
        if (counts == null || counts.isEmpty()) {
            return "none";
        }
        StringBuilder text = new StringBuilder();
        counts.forEach((name, count) -> text.append(text.isEmpty() ? "" : ", ")
                .append(String.format(Locale.ROOT, "%s %.2f", name, count / (double) units)));
        return text.toString();
    }
}
