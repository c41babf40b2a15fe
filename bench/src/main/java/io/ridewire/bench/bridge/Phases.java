package io.ridewire.bench.bridge;

import io.nats.client.JetStream;
import io.nats.client.impl.Headers;
import io.ridewire.bench.load.CpuClock;
import io.ridewire.bench.load.Percentiles;
import io.ridewire.functions.events.NatsConnection;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * One measured phase of the bridge bench: events published on JetStream at a fixed schedule, received by the
 * sockets, latency from the publish time carried in the event.
 */
final class Phases {
    /**
     * Deliveries per second (to the last receipt), latency, and the JVM's CPU per delivery with the JIT compiler's
     * share of it: a phase the compiler still takes a large share of is not warm.
     */
    record Result(int delivered, int expected, double perSecond, Percentiles latency, double cpuMicrosPerDelivery,
                  double jitShare) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%d of %d delivered, %.0f deliveries/s; latency %s; JVM CPU %.0f µs per "
                    + "delivery, JIT compiler %.0f %% of it", delivered, expected, perSecond, latency.summary(),
                    cpuMicrosPerDelivery, jitShare * 100);
        }
    }

    private final JetStream jetStream;
    private final NatsConnection nats;
    private final String prefix;
    private final int users;
    private final AtomicReference<Percentiles> phase;
    private final AtomicInteger received;
    private final AtomicLong lastReceipt;
    private int sequence;

    Phases(JetStream jetStream, NatsConnection nats, String prefix, int users, AtomicReference<Percentiles> phase,
           AtomicInteger received, AtomicLong lastReceipt) {
        this.jetStream = jetStream;
        this.nats = nats;
        this.prefix = prefix;
        this.users = users;
        this.phase = phase;
        this.received = received;
        this.lastReceipt = lastReceipt;
    }

    /** {@code count} {@code notification.message}s round-robin over the users at {@code rate} per second. */
    Result single(int count, int rate) throws InterruptedException {
        long period = 1_000_000_000L / rate;
        return run(count, count, period, i -> BridgeBench.envelope("notification.message", "{\"user_id\":\"" + prefix
                + "-u" + (i % users) + "\",\"title\":{\"sent\":" + System.nanoTime() + ",\"n\":" + i + "}}"),
                "notification.message");
    }

    /** {@code count} {@code ride.progress} events to the room of every user, one per {@code gapNanos}. */
    Result room(int count, long gapNanos) throws InterruptedException {
        return run(count, count * users, gapNanos, i -> BridgeBench.envelope("ride.progress", "{\"ride_id\":\"" + prefix
                + "\",\"current_location\":{\"latitude\":-6.2,\"longitude\":106.8},\"distance_traveled_km\":{\"sent\":"
                + System.nanoTime() + ",\"n\":" + i + "}}"), "ride.progress");
    }

    private Result run(int count, int expected, long period, java.util.function.IntFunction<byte[]> event, String type)
            throws InterruptedException {
        Thread.sleep(500); // stragglers of the previous phase
        Percentiles latency = new Percentiles();
        phase.set(latency);
        received.set(0);
        CpuClock.Usage before = CpuClock.usage();
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long wait = start + (long) i * period - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            jetStream.publishAsync(nats.subject(type), new Headers(), event.apply(sequence++));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (received.get() < expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        double seconds = (lastReceipt.get() - start) / 1e9;
        CpuClock.Usage used = CpuClock.usage().since(before);
        int delivered = received.get();
        return new Result(delivered, expected, delivered / seconds, latency,
                used.cpuNanos() / 1e3 / Math.max(1, delivered), used.compilerShare());
    }
}
