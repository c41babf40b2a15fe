package io.ridewire.bench.matching;

import io.micronaut.json.JsonMapper;
import io.ridewire.model.geo.GeoPoint;
import io.ridewire.model.identity.Role;
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
    /** Latencies to the passenger's reply and to the driver's push. */
    record Result(Latencies toPassenger, Latencies toDriver) {
    }

    private RequestToProposal() {
    }

    private static void ack(BenchSocket socket, BenchSocket.Received event) {
        if (event.message().get("ack_required") == null) {
            return;
        }
        socket.send("{\"type\":\"ack\",\"payload\":{\"id\":\"" + event.message().get("id").getStringValue() + "\"}}");
    }

    /** With {@code profileFolder} set, the measured requests are profiled (this JVM holds the stack). */
    static Result run(LocalStack stack, int requests, int warmup, long seed, Path profileFolder) throws Exception {
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
        Latencies toPassenger = new Latencies();
        Latencies toDriver = new Latencies();
        Profiler profiler = null;
        for (int i = 0; i < total; i++) {
            if (i == warmup && profileFolder != null) {
                profiler = Profiler.start(ProcessHandle.current().pid(), profileFolder);
            }
            GeoPoint pickup = spots.get(i);
            String request = String.format(Locale.ROOT, "{\"type\":\"match.request\",\"id\":\"rq\",\"payload\":{"
                    + "\"pickup_location\":{\"latitude\":%s,\"longitude\":%s},"
                    + "\"destination_location\":{\"latitude\":%s,\"longitude\":%s},"
                    + "\"preferences\":{\"vehicle_type\":\"motorcycle\",\"max_wait_minutes\":60}}}",
                    pickup.latitude(), pickup.longitude(), pickup.latitude() - 0.02, pickup.longitude() - 0.02);
            long start = System.nanoTime();
            passengers.get(i).send(request);
            BenchSocket.Received reply = passengers.get(i).await("match.proposal", Duration.ofSeconds(30));
            BenchSocket.Received pushed = drivers.get(i).await("match.proposal", Duration.ofSeconds(30));
            if (i >= warmup) {
                toPassenger.record(reply.arrivedNanos() - start);
                toDriver.record(pushed.arrivedNanos() - start);
            }
            // acknowledge like an app does, or durable delivery keeps re-sending the critical proposals
            ack(passengers.get(i), reply);
            ack(drivers.get(i), pushed);
        }
        if (profiler != null) {
            profiler.stop();
        }
        drivers.forEach(BenchSocket::close);
        passengers.forEach(BenchSocket::close);
        Thread.sleep(2_000); // let the gateway run $disconnect for them before the stack stops
        return new Result(toPassenger, toDriver);
    }
}
