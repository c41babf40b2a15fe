package io.ridewire.bench.bridge;

import io.nats.client.JetStream;
import io.nats.client.impl.Headers;
import io.ridewire.bench.Bench;
import io.ridewire.bench.load.BenchOptions;
import io.ridewire.bench.load.BenchStreams;
import io.ridewire.bench.load.LoadClient;
import io.ridewire.bench.load.Percentiles;
import io.ridewire.events.NatsConnection;
import io.ridewire.events.NatsSettings;
import io.ridewire.identity.Role;
import io.ridewire.local.LocalStack;
import io.ridewire.presence.Presence;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The bridge's relay rate and publish-to-receive latency: events published on JetStream as another service would,
 * relayed by the bridge through the management API to real sockets. Single-user events
 * ({@code notification.message} round-robin over the users) and room events ({@code ride.progress} to a room of
 * all of them). The stack runs in this JVM so the publish time can travel in the event.
 */
public final class BridgeBench implements Bench.Scenario {

    @Override
    public String description() {
        return "JetStream → sockets relay rate and latency [--users 1000 --events 10000 --rate 4000 --room-events 30 --posts-in-flight 256]";
    }

    @Override
    public void run(String[] args) throws Exception {
        Map<String, String> options = BenchOptions.parse(args);
        int users = Integer.parseInt(options.getOrDefault("users", "1000"));
        int events = Integer.parseInt(options.getOrDefault("events", "10000"));
        int rate = Integer.parseInt(options.getOrDefault("rate", "4000"));
        int roomEvents = Integer.parseInt(options.getOrDefault("room-events", "30"));
        String prefix = "bb" + UUID.randomUUID().toString().substring(0, 6);

        LocalStack stack = LocalStack.start(LocalStack.builder().port(0).isolation(prefix)
                .property("ridewire.rate-limit.enabled", false)
                .property("ridewire.bridge.max-in-flight", 1024)
                .property("ridewire.redis.timeout", "2s")
                .property("ridewire.aws.max-connections", Integer.parseInt(options.getOrDefault("posts-in-flight", "256")))
                .build());
        NatsSettings natsSettings = stack.context().getBean(NatsSettings.class);
        try (stack;
             LoadClient client = new LoadClient(2)) {
            AtomicReference<Percentiles> phase = new AtomicReference<>(new Percentiles());
            AtomicInteger received = new AtomicInteger();
            AtomicLong lastReceipt = new AtomicLong();
            CountDownLatch welcomed = new CountDownLatch(users);
            List<LoadClient.Conn> conns = new ArrayList<>();
            for (int i = 0; i < users; i++) {
                conns.add(client.connect(stack.webSocketUri(), stack.tokens().mint(Role.PASSENGER, prefix + "-u" + i),
                        (text, at) -> {
                            int mark = text.indexOf("\"sent\":");
                            if (mark >= 0) {
                                long sent = Long.parseLong(text.substring(mark + 7, text.indexOf(',', mark)));
                                phase.get().add(at - sent);
                                received.incrementAndGet();
                                lastReceipt.accumulateAndGet(at, Math::max);
                            } else if (text.contains("connection.established")) {
                                welcomed.countDown();
                            }
                        }).get(30, TimeUnit.SECONDS));
            }
            welcomed.await(120, TimeUnit.SECONDS);
            Presence presence = stack.context().getBean(Presence.class);
            for (int i = 0; i < users; i++) {
                String user = prefix + "-u" + i;
                presence.add(presence.connectionsOf(user).iterator().next(), user, "ride_" + prefix);
            }
            NatsConnection nats = stack.context().getBean(NatsConnection.class);
            JetStream jetStream = nats.jetStream().orElseThrow();

            // single-user events at a fixed rate
            Percentiles single = phase.get();
            long start = System.nanoTime();
            long period = 1_000_000_000L / rate;
            for (int i = 0; i < events; i++) {
                long due = start + i * period;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                String data = "{\"user_id\":\"" + prefix + "-u" + (i % users) + "\",\"title\":{\"sent\":" + System.nanoTime()
                        + ",\"n\":" + i + "}}";
                jetStream.publishAsync(nats.subject("notification.message"), new Headers(), envelope("notification.message", data));
            }
            waitFor(received, events, Duration.ofSeconds(120));
            double singleSeconds = (lastReceipt.get() - start) / 1e9;
            System.out.println("## bridge: JetStream → sockets");
            System.out.printf("single-user: %d events to %d users at %d/s: %d delivered in %.2f s = %.0f deliveries/s; latency %s%n",
                    events, users, rate, received.get(), singleSeconds, received.get() / singleSeconds, single.summary());

            // room events: each to every member
            Percentiles room = new Percentiles();
            Thread.sleep(500);
            received.set(0);
            phase.set(room);
            long roomStart = System.nanoTime();
            for (int i = 0; i < roomEvents; i++) {
                String data = "{\"ride_id\":\"" + prefix + "\",\"current_location\":{\"latitude\":-6.2,\"longitude\":106.8},"
                        + "\"distance_traveled_km\":{\"sent\":" + System.nanoTime() + ",\"n\":" + i + "}}";
                jetStream.publishAsync(nats.subject("ride.progress"), new Headers(), envelope("ride.progress", data));
                Thread.sleep(50);
            }
            waitFor(received, roomEvents * users, Duration.ofSeconds(180));
            double roomSeconds = (lastReceipt.get() - roomStart) / 1e9;
            System.out.printf("room: %d events (one per 50 ms) to a room of %d: %d delivered in %.2f s = %.0f deliveries/s; latency %s%n",
                    roomEvents, users, received.get(), roomSeconds, received.get() / roomSeconds, room.summary());
            conns.forEach(LoadClient.Conn::close);
        } finally {
            BenchStreams.delete(natsSettings.getUrl(), natsSettings.getStreamPrefix());
        }
    }

    private static byte[] envelope(String type, String data) {
        return ("{\"event_id\":\"" + UUID.randomUUID() + "\",\"event_type\":\"" + type + "\",\"timestamp\":\""
                + Instant.now() + "\",\"source_service\":\"bench\",\"version\":\"1.0\",\"data\":" + data + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static void waitFor(AtomicInteger received, int expected, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (received.get() < expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }
}
