package io.ridewire.bench.bridge;

import io.nats.client.JetStream;
import io.ridewire.bench.Bench;
import io.ridewire.bench.load.BenchOptions;
import io.ridewire.bench.load.LoadClient;
import io.ridewire.bench.load.Percentiles;
import io.ridewire.bench.load.Profiler;
import io.ridewire.bench.load.RunFolder;
import io.ridewire.functions.events.NatsConnection;
import io.ridewire.model.identity.Role;
import io.ridewire.local.FreePorts;
import io.ridewire.local.LocalStack;
import io.ridewire.functions.presence.Presence;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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

/**
 * The bridge's relay rate and publish-to-receive latency: events published on JetStream as another service would,
 * relayed by the bridge through the management API to real sockets. Single-user events
 * ({@code notification.message} round-robin over the users) and room events ({@code ride.progress} to a room of
 * all of them). The stack runs in this JVM so the publish time can travel in the event.
 */
public final class BridgeBench implements Bench.Scenario {

    @Override
    public String description() {
        return "JetStream → sockets relay: saturation rate, then p99 at 80 % of it, after a warm-up "
                + "[--users 1000 --events 10000 --rate 4000 --room-events 30 --posts-in-flight 256 "
                + "--max-in-flight 1024 --warmup-events 10000 --warmup-rounds 16 --warmup-jit 0.15 "
                + "--warmup-room-events 20 --profile none|single|room]";
    }

    @Override
    public void run(String[] args) throws Exception {
        Map<String, String> options = BenchOptions.parse(args);
        int users = Integer.parseInt(options.getOrDefault("users", "1000"));
        int events = Integer.parseInt(options.getOrDefault("events", "10000"));
        int rate = Integer.parseInt(options.getOrDefault("rate", "4000"));
        int roomEvents = Integer.parseInt(options.getOrDefault("room-events", "30"));
        int warmupEvents = Integer.parseInt(options.getOrDefault("warmup-events", "10000"));
        int warmupRounds = Integer.parseInt(options.getOrDefault("warmup-rounds", "16"));
        double warmupJit = Double.parseDouble(options.getOrDefault("warmup-jit", "0.15"));
        int warmupRoomEvents = Integer.parseInt(options.getOrDefault("warmup-room-events", "20"));
        String profile = options.getOrDefault("profile", "none");
        Path runFolder = "none".equals(profile) ? null : RunFolder.create("bridge");
        String prefix = "bb" + UUID.randomUUID().toString().substring(0, 6);

        // free ports where nothing listens: the stack starts private redis-server and nats-server there
        LocalStack stack = LocalStack.start(LocalStack.builder().port(0).isolation(prefix)
                .redisUri("redis://127.0.0.1:" + FreePorts.next())
                .natsUrl("nats://127.0.0.1:" + FreePorts.next())
                .property("ridewire.rate-limit.enabled", false)
                .property("ridewire.bridge.max-in-flight",
                        Integer.parseInt(options.getOrDefault("max-in-flight", "1024")))
                .property("ridewire.redis.timeout", "2s")
                .property("ridewire.aws.max-connections", Integer.parseInt(options.getOrDefault("posts-in-flight", "256")))
                .build());
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
            Phases phases = new Phases(jetStream, nats, prefix, users, phase, received, lastReceipt);
            System.out.println("## bridge: JetStream → sockets");

            // single-user events: warm-up, saturation (offered above what the stack can do), then 80 % of it
            warmUp(phases, warmupEvents, rate, warmupRounds, warmupJit);
            Profiler profiler = "single".equals(profile) ? Profiler.start(ProcessHandle.current().pid(), runFolder) : null;
            Phases.Result single = phases.single(events, rate);
            if (profiler != null) {
                profiler.stop();
            }
            System.out.printf("single-user, saturation: %d events to %d users offered at %d/s: %s%n", events, users, rate, single);
            int eighty = (int) Math.max(1, single.perSecond() * 0.8);
            System.out.printf("single-user at 80 %% of saturation (%d/s): %s%n", eighty, phases.single(events, eighty));

            // room events, each to every member: warm-up, saturation (one event per 50 ms), then 80 % of it
            phases.room(warmupRoomEvents, 50_000_000L);
            profiler = "room".equals(profile) ? Profiler.start(ProcessHandle.current().pid(), runFolder) : null;
            Phases.Result room = phases.room(roomEvents, 50_000_000L);
            if (profiler != null) {
                profiler.stop();
            }
            System.out.printf("room, saturation: %d events (one per 50 ms) to a room of %d: %s%n", roomEvents, users, room);
            long gap = (long) (users / (room.perSecond() * 0.8) * 1e9);
            System.out.printf("room at 80 %% of saturation (one event per %.0f ms): %s%n", gap / 1e6,
                    phases.room(roomEvents, gap));
            conns.forEach(LoadClient.Conn::close);
        }
    }

    /**
     * Rounds of single-user events at the offered rate until the JIT compiler's share of the JVM's CPU in a round
     * falls under {@code jitShare} (or {@code rounds} ran): a fixed count left the compiler at a quarter of the
     * measured phase's CPU, and the measured rate then depended mostly on the warm-up's length.
     */
    private static void warmUp(Phases phases, int events, int rate, int rounds, double jitShare)
            throws InterruptedException {
        for (int round = 1; round <= rounds; round++) {
            Phases.Result result = phases.single(events, rate);
            System.out.printf("warm-up round %d: %s%n", round, result);
            if (result.jitShare() < jitShare) {
                return;
            }
        }
    }

    static byte[] envelope(String type, String data) {
        return ("{\"event_id\":\"" + UUID.randomUUID() + "\",\"event_type\":\"" + type + "\",\"timestamp\":\""
                + Instant.now() + "\",\"source_service\":\"bench\",\"version\":\"1.0\",\"data\":" + data + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

}
