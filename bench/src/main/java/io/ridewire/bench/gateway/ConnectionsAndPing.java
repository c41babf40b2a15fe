package io.ridewire.bench.gateway;

import io.ridewire.bench.Bench;
import io.ridewire.bench.load.BenchOptions;
import io.ridewire.bench.load.LoadClient;
import io.ridewire.bench.load.Percentiles;
import io.ridewire.bench.load.RunFolder;
import io.ridewire.bench.load.StackProcess;
import io.ridewire.model.identity.Role;
import io.ridewire.local.DevTokens;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * The walking skeleton under load: N concurrent connections to the local stack (in its own JVM with a 1 GiB
 * heap), then ping round trips at a fixed message rate. Latency is measured from each ping's scheduled send time,
 * so a stalled sender cannot hide queueing (no coordinated omission).
 */
public final class ConnectionsAndPing implements Bench.Scenario {

    @Override
    public String description() {
        return "N connections (default 10000) + ping RTT at R msg/s (default 2000) [--connections N --rate R --seconds S --heap 1g]";
    }

    @Override
    public void run(String[] args) throws Exception {
        Map<String, String> options = BenchOptions.parse(args);
        int connections = Integer.parseInt(options.getOrDefault("connections", "10000"));
        int rate = Integer.parseInt(options.getOrDefault("rate", "2000"));
        int seconds = Integer.parseInt(options.getOrDefault("seconds", "20"));
        String heap = options.getOrDefault("heap", "1g");
        int inFlight = Integer.parseInt(options.getOrDefault("in-flight", "64"));

        try (StackProcess stack = StackProcess.start(heap, Map.of(
                "RIDEWIRE_RATE_LIMIT_OVERRIDES", "ping=100000/60s,$connect=100000/60s"), RunFolder.create("gateway"));
             LoadClient client = new LoadClient(2)) {
            DevTokens tokens = new DevTokens(DevTokens.LOCAL_SECRET, Clock.systemUTC());
            AtomicLongArray sentAt = new AtomicLongArray(rate * seconds);
            Percentiles rtt = new Percentiles();
            AtomicInteger pongs = new AtomicInteger();
            CountDownLatch established = new CountDownLatch(connections);

            // connect phase
            List<LoadClient.Conn> open = Collections.synchronizedList(new ArrayList<>(connections));
            Semaphore window = new Semaphore(inFlight);
            AtomicInteger failed = new AtomicInteger();
            Percentiles handshake = new Percentiles();
            long connectStart = System.nanoTime();
            for (int i = 0; i < connections; i++) {
                window.acquire();
                long started = System.nanoTime();
                String token = tokens.mint(Role.DRIVER, "bench-driver-" + i);
                client.connect(stack.webSocketUri(), token, (text, arrived) -> {
                    if (text.startsWith("{\"type\":\"pong\"")) {
                        int id = Integer.parseInt(idOf(text));
                        rtt.add(arrived - sentAt.get(id));
                        pongs.incrementAndGet();
                    } else if (text.startsWith("{\"type\":\"connection.established\"")) {
                        established.countDown();
                    }
                }).whenComplete((conn, error) -> {
                    window.release();
                    if (error != null) {
                        failed.incrementAndGet();
                        established.countDown();
                    } else {
                        handshake.add(System.nanoTime() - started);
                        open.add(conn);
                    }
                });
            }
            window.acquire(inFlight);
            double handshakeSeconds = (System.nanoTime() - connectStart) / 1e9;
            boolean allWelcomed = established.await(120, TimeUnit.SECONDS);
            double welcomedSeconds = (System.nanoTime() - connectStart) / 1e9;
            String heapStats = stack.get("/_local/stats?gc=true").body();

            // ping phase
            LoadClient.Conn[] conns = open.toArray(new LoadClient.Conn[0]);
            int total = rate * seconds;
            long periodNanos = 1_000_000_000L / rate;
            long pingStart = System.nanoTime() + 100_000_000L;
            for (int i = 0; i < total; i++) {
                long due = pingStart + i * periodNanos;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                sentAt.set(i, due);
                conns[i % conns.length].send("{\"type\":\"ping\",\"id\":\"" + i + "\"}");
            }
            long drainUntil = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (pongs.get() < total && System.nanoTime() < drainUntil) {
                Thread.sleep(50);
            }
            double pingSeconds = (System.nanoTime() - pingStart) / 1e9;

            System.out.println("## gateway: connections + ping");
            System.out.printf("connections: %d requested, %d open, %d failed; all welcomed: %s%n",
                    connections, conns.length, failed.get(), allWelcomed);
            System.out.printf("connect: handshakes done in %.1f s (%.0f/s), connection.established to all in %.1f s; handshake %s%n",
                    handshakeSeconds, conns.length / handshakeSeconds, welcomedSeconds, handshake.summary());
            System.out.println("server heap after GC with all connections open: " + heapStats);
            System.out.printf("ping: %d sent at %d/s, %d pongs (%.2f%% lost); RTT %s%n", total, rate, pongs.get(),
                    100.0 * (total - pongs.get()) / total, rtt.summary());
            System.out.printf("ping phase took %.1f s%n", pingSeconds);
            for (LoadClient.Conn conn : conns) {
                conn.close();
            }
        }
    }

    private static String idOf(String text) {
        int start = text.indexOf("\"id\":\"") + 6;
        return text.substring(start, text.indexOf('"', start));
    }
}
