package io.ridewire.bench.matching;

import io.micronaut.json.JsonMapper;
import io.ridewire.bench.matching.Pairs.Pair;
import io.ridewire.model.geo.GeoPoint;
import io.ridewire.bench.load.CpuClock;
import io.ridewire.bench.load.HandlerRuns;
import io.ridewire.functions.aws.DynamoCallCounter;
import io.ridewire.functions.redis.RedisConnections;
import io.ridewire.bench.load.Profiler;
import io.ridewire.local.LocalStack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code match.request} → {@code match.proposal} through the local stack with real WebSocket clients: each
 * passenger asks for a ride where a connected driver stands (so that driver is the nearest, among the loaded pool)
 * and the time to the passenger's reply and to the driver's push is measured, one request at a time, each pair
 * asking once.
 */
final class RequestToProposal {
    /**
     * Latencies of the measured requests, the JIT compilers' share of this JVM's CPU while they ran, the DynamoDB
     * calls per request by where they were made (each of {@link #ROUTES}, or "elsewhere") and the Redis commands per
     * request, all counted.
     */
    record Result(Latencies toPassenger, Latencies toDriver, double jitShare,
                  Map<String, Map<String, Double>> dynamoPerRequest, Map<String, Double> redisPerRequest) {
    }

    /** The routes a request's DynamoDB calls are counted under: its own and the acks'; the rest is "elsewhere". */
    private static final List<String> ROUTES = List.of("match.request", "ack");

    private RequestToProposal() {
    }

    /** One request's proposal as each party received it, and when the request was sent (System.nanoTime). */
    private record Proposal(long start, BenchSocket.Received toPassenger, BenchSocket.Received toDriver) {
    }

    /** The passenger asks for a ride where the driver stands; both get the proposal and acknowledge it, as apps do. */
    private static Proposal request(Pair pair) throws Exception {
        BenchSocket passenger = pair.passenger();
        BenchSocket driver = pair.driver();
        GeoPoint pickup = pair.spot();
        String request = String.format(Locale.ROOT, "{\"type\":\"match.request\",\"id\":\"rq\",\"payload\":{"
                + "\"pickup_location\":{\"latitude\":%s,\"longitude\":%s},"
                + "\"destination_location\":{\"latitude\":%s,\"longitude\":%s},"
                + "\"preferences\":{\"vehicle_type\":\"motorcycle\",\"max_wait_minutes\":60}}}",
                pickup.latitude(), pickup.longitude(), pickup.latitude() - 0.02, pickup.longitude() - 0.02);
        long start = System.nanoTime();
        passenger.send(request);
        BenchSocket.Received reply = passenger.await("match.proposal", Duration.ofSeconds(30));
        BenchSocket.Received pushed = driver.await("match.proposal", Duration.ofSeconds(30));
        // acknowledge like an app does, or durable delivery keeps re-sending the critical proposals
        ack(passenger, reply);
        ack(driver, pushed);
        return new Proposal(start, reply, pushed);
    }

    /**
     * Rounds of {@code size} fresh pairs, each asking once as the measured pairs do, until the JIT compilers' share
     * of this JVM's CPU in a round falls under {@code jitShare}. Repeat requests of the same pairs warmed another path:
     * a pair's first request creates its inbox counters and lock items, and the compilers went from 2 % at the end
     * of such a warm-up to 15 % on the measured first requests.
     */
    private static void warmUp(Pairs pairs, int size, int rounds, double jitShare) throws Exception {
        for (int round = 1; round <= rounds && size > 0; round++) {
            List<Pair> fresh = pairs.connect(size);
            CpuClock.Usage before = CpuClock.usage();
            Latencies latencies = new Latencies();
            for (Pair pair : fresh) {
                Proposal proposal = request(pair);
                latencies.record(proposal.toPassenger().arrivedNanos() - proposal.start());
            }
            double share = CpuClock.usage().since(before).compilerShare();
            System.out.printf(Locale.ROOT, "warm-up round %d: %d fresh pairs, proposal p50 %.1f ms p99 %.1f ms, "
                    + "JIT compilers %.0f %% of the JVM's CPU%n", round, size, latencies.percentileMillis(50),
                    latencies.percentileMillis(99), share * 100);
            if (share < jitShare) {
                return;
            }
        }
    }

    private static void ack(BenchSocket socket, BenchSocket.Received event) {
        if (event.message().get("ack_required") == null) {
            return;
        }
        socket.send("{\"type\":\"ack\",\"payload\":{\"id\":\"" + event.message().get("id").getStringValue() + "\"}}");
    }

    /**
     * Rounds of {@code warmup} fresh pairs ask once each, until the JIT compilers' share of this JVM's CPU in a round
     * falls under {@code warmupJit} (or {@code warmupRounds} ran); then {@code requests} further fresh pairs are
     * measured, connected before the warm-up. With {@code profileFolder} set, the measured requests are profiled
     * (this JVM holds the stack).
     */
    static Result run(LocalStack stack, int requests, int warmup, int warmupRounds, double warmupJit, long seed,
                      Path profileFolder) throws Exception {
        Latencies toPassenger = new Latencies();
        Latencies toDriver = new Latencies();
        double jitShare;
        Map<String, Map<String, Double>> dynamo = new LinkedHashMap<>();
        Map<String, Double> redis;
        try (Pairs pairs = new Pairs(stack, stack.context().getBean(JsonMapper.class), seed)) {
            List<Pair> measured = pairs.connect(requests);
            warmUp(pairs, warmup, warmupRounds, warmupJit);
            Profiler profiler = profileFolder == null ? null
                    : Profiler.start(ProcessHandle.current().pid(), profileFolder);
            DynamoCallCounter dynamoCalls = stack.context().getBean(DynamoCallCounter.class);
            var redisCommands = stack.context().getBean(RedisConnections.class).strings().orElseThrow().sync();
            Map<String, Map<String, Long>> dynamoBefore = byPlace(dynamoCalls);
            Map<String, Long> redisBefore = HandlerRuns.commandStats(redisCommands.info("commandstats"));
            CpuClock.Usage before = CpuClock.usage();
            for (Pair pair : measured) {
                Proposal proposal = request(pair);
                toPassenger.record(proposal.toPassenger().arrivedNanos() - proposal.start());
                toDriver.record(proposal.toDriver().arrivedNanos() - proposal.start());
            }
            jitShare = CpuClock.usage().since(before).compilerShare();
            Map<String, Map<String, Long>> dynamoAfter = byPlace(dynamoCalls);
            dynamoAfter.forEach((place, after) -> dynamo.put(place,
                    HandlerRuns.perRun(dynamoBefore.get(place), after, measured.size())));
            Map<String, Long> redisAfter = HandlerRuns.commandStats(redisCommands.info("commandstats"));
            redisAfter.merge("info", -1L, Long::sum); // our own INFO call
            redis = HandlerRuns.perRun(redisBefore, redisAfter, measured.size());
            if (profiler != null) {
                profiler.stop();
            }
        }
        Thread.sleep(2_000); // let the gateway run $disconnect for them before the stack stops
        return new Result(toPassenger, toDriver, jitShare, dynamo, redis);
    }

    private static Map<String, Map<String, Long>> byPlace(DynamoCallCounter calls) {
        Map<String, Map<String, Long>> byPlace = new LinkedHashMap<>();
        Map<String, Long> elsewhere = new TreeMap<>(calls.snapshot());
        for (String route : ROUTES) {
            Map<String, Long> made = calls.snapshot(route);
            byPlace.put(route, made);
            made.forEach((operation, count) -> elsewhere.merge(operation, -count, Long::sum));
        }
        byPlace.put("elsewhere", elsewhere);
        return byPlace;
    }
}
