package io.ridewire.bench.matching;

import io.micronaut.json.JsonMapper;
import io.ridewire.model.geo.GeoPoint;
import io.ridewire.model.identity.Role;
import io.ridewire.bench.load.CpuClock;
import io.ridewire.bench.load.Profiler;
import io.ridewire.local.LocalStack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code match.request} → {@code match.proposal} through the local stack with real WebSocket clients: each
 * passenger asks for a ride where a connected driver stands (so that driver is the nearest, among the loaded pool)
 * and the time to the passenger's reply and to the driver's push is measured, one request at a time.
 */
final class RequestToProposal {
    /** Latencies of the measured requests, and the JIT compilers' share of this JVM's CPU while they ran. */
    record Result(Latencies toPassenger, Latencies toDriver, double jitShare) {
    }

    private RequestToProposal() {
    }

    /** One request's proposal as each party received it, and when the request was sent (System.nanoTime). */
    private record Proposal(long start, BenchSocket.Received toPassenger, BenchSocket.Received toDriver) {
        String matchId() {
            return toPassenger.message().get("payload").get("match_id").getStringValue();
        }
    }

    /** The passenger asks for a ride where the driver stands; both get the proposal and acknowledge it, as apps do. */
    private static Proposal request(BenchSocket passenger, BenchSocket driver, GeoPoint pickup) throws Exception {
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
     * Rounds of request, proposal and the passenger's cancel over the same pairs (a cancel frees the driver and the
     * passenger): sequential requests call each method a few times, so the compilers were still taking a third of
     * the JVM's CPU after 1,000 of them.
     */
    private static void warmUp(List<BenchSocket> drivers, List<BenchSocket> passengers, List<GeoPoint> spots,
                               int rounds, double jitShare) throws Exception {
        for (int round = 1; round <= rounds && !drivers.isEmpty(); round++) {
            CpuClock.Usage before = CpuClock.usage();
            Latencies latencies = new Latencies();
            for (int i = 0; i < drivers.size(); i++) {
                Proposal proposal = request(passengers.get(i), drivers.get(i), spots.get(i));
                latencies.record(proposal.toPassenger().arrivedNanos() - proposal.start());
                passengers.get(i).send("{\"type\":\"match.cancel\",\"payload\":{\"match_id\":\"" + proposal.matchId()
                        + "\"}}");
                ack(passengers.get(i), passengers.get(i).await("match.cancelled", Duration.ofSeconds(30)));
                ack(drivers.get(i), drivers.get(i).await("match.cancelled", Duration.ofSeconds(30)));
            }
            double share = CpuClock.usage().since(before).compilerShare();
            System.out.printf(Locale.ROOT, "warm-up round %d: %d requests and cancels, proposal p50 %.1f ms "
                    + "p99 %.1f ms, JIT compilers %.0f %% of the JVM's CPU%n", round, drivers.size(),
                    latencies.percentileMillis(50), latencies.percentileMillis(99), share * 100);
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
     * {@code warmup} pairs ask and cancel, round after round, until the JIT compilers' share of this JVM's CPU in a
     * round falls under {@code warmupJit} (or {@code warmupRounds} ran); then {@code requests} fresh pairs are
     * measured. With {@code profileFolder} set, the measured requests are profiled (this JVM holds the stack).
     */
    static Result run(LocalStack stack, int requests, int warmup, int warmupRounds, double warmupJit, long seed,
                      Path profileFolder) throws Exception {
        JsonMapper json = stack.context().getBean(JsonMapper.class);
        SplittableRandom random = new SplittableRandom(seed);
        int total = requests + warmup;
        List<GeoPoint> spots = new ArrayList<>(total);
        for (int i = 0; i < total; i++) {
            spots.add(JakartaArea.randomPoint(random));
        }
        List<BenchSocket> drivers = new ArrayList<>(total);
        List<BenchSocket> passengers = new ArrayList<>(total);
        try (ExecutorService connecting = Executors.newFixedThreadPool(8)) {
            List<Future<BenchSocket[]>> pairs = new ArrayList<>();
            for (int i = 0; i < total; i++) {
                final int n = i;
                pairs.add(connecting.submit(() -> {
                    BenchSocket driver = BenchSocket.connect(stack.webSocketUri(),
                            stack.tokens().mint(Role.DRIVER, "rp-driver-" + n), json);
                    driver.send(String.format(Locale.ROOT, "{\"type\":\"beacon.update\",\"payload\":{\"is_active\":true,"
                            + "\"user_type\":\"driver\",\"location\":{\"latitude\":%s,\"longitude\":%s},"
                            + "\"vehicle_info\":{\"type\":\"motorcycle\",\"license_plate\":\"B%dRP\"}}}",
                            spots.get(n).latitude(), spots.get(n).longitude(), n));
                    driver.await("beacon.status", Duration.ofSeconds(60));
                    BenchSocket passenger = BenchSocket.connect(stack.webSocketUri(),
                            stack.tokens().mint(Role.PASSENGER, "rp-passenger-" + n), json);
                    return new BenchSocket[] {driver, passenger};
                }));
            }
            for (Future<BenchSocket[]> pair : pairs) {
                BenchSocket[] both = pair.get();
                drivers.add(both[0]);
                passengers.add(both[1]);
            }
        }
        warmUp(drivers.subList(0, warmup), passengers.subList(0, warmup), spots, warmupRounds, warmupJit);
        Latencies toPassenger = new Latencies();
        Latencies toDriver = new Latencies();
        Profiler profiler = profileFolder == null ? null : Profiler.start(ProcessHandle.current().pid(), profileFolder);
        CpuClock.Usage before = CpuClock.usage();
        for (int i = warmup; i < total; i++) {
            Proposal proposal = request(passengers.get(i), drivers.get(i), spots.get(i));
            toPassenger.record(proposal.toPassenger().arrivedNanos() - proposal.start());
            toDriver.record(proposal.toDriver().arrivedNanos() - proposal.start());
        }
        double jitShare = CpuClock.usage().since(before).compilerShare();
        if (profiler != null) {
            profiler.stop();
        }
        drivers.forEach(BenchSocket::close);
        passengers.forEach(BenchSocket::close);
        Thread.sleep(2_000); // let the gateway run $disconnect for them before the stack stops
        return new Result(toPassenger, toDriver, jitShare);
    }
}
