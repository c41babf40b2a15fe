package io.ridewire.e2e.presence;

import io.ridewire.model.identity.Role;
import io.ridewire.local.LocalStack;
import io.ridewire.local.testing.Eventually;
import io.ridewire.local.testing.TestStacks;
import io.ridewire.functions.presence.Presence;
import io.ridewire.model.protocol.EventType;
import io.ridewire.functions.push.Audience;
import io.ridewire.functions.push.Push;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One client stops reading its socket while 10,000 events are queued for it; 50 other users get 100 events each.
 * Their p99 latency stays within 2× of the same run without the stalled reader (the sender's per-connection lanes
 * keep the stalled connection's posts to itself), and the stalled socket is closed by the gateway's outbound bound
 * (close code 4008, seen here as its {@code $disconnect}: the stalled client never reads the close frame), not by the
 * server running out of memory. Latencies are measured in this one JVM with {@link System#nanoTime}, the baseline and
 * the stalled run side by side after a warm-up; each is the median p99 of three fan-outs, as one fan-out's p99 on a
 * shared two-core machine swings by 2× on its own.
 */
class StalledReaderIT {
    private static final int OTHERS = 50;
    private static final int EVENTS_EACH = 100;
    private static final int STALLED_EVENTS = 10_000;
    private static final int FLOOD_PRODUCERS = 8;
    private static final int ROUNDS = 3;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void aStalledReader_delaysNobodyElse_andIsClosedByTheBound() throws Exception {
        try (LocalStack stack = TestStacks.start(b -> b.property("ridewire.rate-limit.enabled", false))) {
            Push push = stack.context().getBean(Push.class);
            Presence presence = stack.context().getBean(Presence.class);
            List<Receiver> others = new ArrayList<>();
            for (int i = 0; i < OTHERS; i++) {
                others.add(Receiver.connect(stack, TestStacks.uniqueId("passenger" + i), false));
            }
            Receiver stalled = Receiver.connect(stack, TestStacks.uniqueId("stalled"), true);

            fanOut(push, others); // warm-up: the first fan-out pays for class loading and the JIT
            long baseline = medianP99(push, others);

            try (ExecutorService flood = Executors.newVirtualThreadPerTaskExecutor()) {
                // a few producers push the 10,000 events as fast as delivery takes them (as the bridge's routes would)
                for (int producer = 0; producer < FLOOD_PRODUCERS; producer++) {
                    int first = producer;
                    flood.submit(() -> {
                        for (int n = first; n < STALLED_EVENTS; n += FLOOD_PRODUCERS) {
                            push.deliver(Audience.user(stalled.user), Push.event(EventType.PONG,
                                    Map.of("n", n, "filler", "x".repeat(4096))));
                        }
                    });
                }
                long withStalled = medianP99(push, others);
                assertThat(presence.connectionsOf(stalled.user)).as("the stalled reader is still there while measured")
                        .isNotEmpty();
                System.out.printf("stalled reader: others' p99 %d µs without, %d µs with%n", baseline / 1000,
                        withStalled / 1000);

                assertThat(withStalled).as("others' p99 with a stalled reader (baseline p99 %d µs)", baseline / 1000)
                        .isLessThanOrEqualTo(2 * Math.max(baseline, TimeUnit.MILLISECONDS.toNanos(5)));
                // the client reads nothing, so it never sees the 4008 frame: the gateway's $disconnect is the evidence
                Eventually.until(() -> presence.connectionsOf(stalled.user).isEmpty(), Duration.ofSeconds(60));
            }
            others.forEach(Receiver::close);
        }
    }

    /** Sends 100 events to each user at once and waits for all of them; returns every latency in nanoseconds. */
    private static List<Long> fanOut(Push push, List<Receiver> users) throws InterruptedException {
        users.forEach(Receiver::reset);
        try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Receiver user : users) {
                senders.submit(() -> {
                    for (int i = 0; i < EVENTS_EACH; i++) {
                        push.deliver(Audience.user(user.user), Push.event(EventType.PONG,
                                Map.of("sent", System.nanoTime())));
                    }
                });
            }
        }
        List<Long> latencies = new ArrayList<>();
        for (Receiver user : users) {
            assertThat(user.all.await(60, TimeUnit.SECONDS)).as("all events reach " + user.user).isTrue();
            latencies.addAll(user.latencies);
        }
        return latencies;
    }

    private static long medianP99(Push push, List<Receiver> users) throws InterruptedException {
        List<Long> p99s = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            p99s.add(p99(fanOut(push, users)));
        }
        return p99s.stream().sorted().toList().get(ROUNDS / 2);
    }

    private static long p99(List<Long> latencies) {
        List<Long> sorted = latencies.stream().sorted().toList();
        return sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1);
    }

    /** A raw WebSocket client that records the latency of each event, or (stalled) stops reading after the welcome. */
    private static final class Receiver implements WebSocket.Listener {
        final String user;
        final boolean stall;
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        final CountDownLatch welcomed = new CountDownLatch(1);
        volatile ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        volatile CountDownLatch all = new CountDownLatch(EVENTS_EACH);
        private final StringBuilder partial = new StringBuilder();
        private WebSocket socket;

        private Receiver(String user, boolean stall) {
            this.user = user;
            this.stall = stall;
        }

        static Receiver connect(LocalStack stack, String user, boolean stall) throws Exception {
            Receiver receiver = new Receiver(user, stall);
            URI uri = URI.create(stack.webSocketUri() + "?token=" + stack.tokens().mint(Role.PASSENGER, user));
            receiver.socket = HTTP.newWebSocketBuilder().buildAsync(uri, receiver).get(15, TimeUnit.SECONDS);
            assertThat(receiver.welcomed.await(15, TimeUnit.SECONDS)).isTrue();
            Eventually.until(() -> !stack.context().getBean(Presence.class)
                    .connectionsOf(user).isEmpty());
            return receiver;
        }

        void reset() {
            latencies = new ConcurrentLinkedQueue<>();
            all = new CountDownLatch(EVENTS_EACH);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            long now = System.nanoTime();
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                if (text.contains("connection.established")) {
                    welcomed.countDown();
                } else {
                    int mark = text.indexOf("\"sent\":");
                    if (mark >= 0) {
                        int end = mark + 7;
                        while (end < text.length() && Character.isDigit(text.charAt(end))) {
                            end++;
                        }
                        latencies.add(now - Long.parseLong(text.substring(mark + 7, end)));
                        all.countDown();
                    }
                }
            }
            if (!stall || welcomed.getCount() > 0) {
                webSocket.request(1);
            }
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(1006);
        }

        void close() {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null);
        }
    }
}
