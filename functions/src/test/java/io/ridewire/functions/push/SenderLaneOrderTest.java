package io.ridewire.functions.push;

import com.sun.net.httpserver.HttpServer;
import io.micronaut.context.ApplicationContext;
import io.ridewire.functions.aws.ManagementTimers;
import io.ridewire.functions.push.Delivery.Outcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real SDK client (CRT, futures completed on its I/O thread) against a real HTTP server on loopback standing in
 * for the management API: each lane's next post starts from the previous one's completion, and frames still leave
 * one connection in the order they came, none lost, none twice; a call's timeout timer lives only while it is in
 * flight.
 */
class SenderLaneOrderTest {
    private HttpServer server;
    private final ExecutorService serving = Executors.newFixedThreadPool(4);
    private final Map<String, List<String>> received = new ConcurrentHashMap<>();
    private final List<String> completionThreads = new CopyOnWriteArrayList<>();
    private final CountDownLatch arrived = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(serving);
        server.createContext("/test/@connections/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String connection = path.substring(path.lastIndexOf('/') + 1);
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.computeIfAbsent(connection, c -> new CopyOnWriteArrayList<>()).add(body);
            if (connection.startsWith("slow")) {
                arrived.countDown();
                awaitQuietly(release);
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        release.countDown(); // a failed test must not leave a handler waiting
        server.stop(0);
        serving.shutdownNow();
    }

    private ApplicationContext context() {
        return ApplicationContext.builder().properties(Map.of(
                "ridewire.aws.management-endpoint", "http://127.0.0.1:" + server.getAddress().getPort() + "/test",
                "ridewire.aws.region", "us-east-1",
                "ridewire.aws.local-credentials", true,
                "ridewire.push.queue-per-connection", 1000,
                // far beyond the waits below: a timer left to fire would still be queued
                "ridewire.aws.management-timeout", "20s",
                "ridewire.redis.uri", "redis://127.0.0.1:9")).start(); // never connected here
    }

    @Test
    void framesQueuedOnOneConnection_leaveInOrder_whileOthersInterleave() {
        try (ApplicationContext context = context()) {
            Sender sender = context.getBean(Sender.class);
            List<CompletableFuture<Outcome>> posts = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                for (String connection : List.of("a=", "b=", "c=")) {
                    CompletableFuture<Outcome> post = sender.send(connection, ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8));
                    posts.add(post.whenComplete((ok, error) -> completionThreads.add(Thread.currentThread().getName())));
                }
            }

            assertThat(posts).allSatisfy(post -> assertThat(Sender.await(post)).isEqualTo(Outcome.DELIVERED));
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                expected.add("{\"n\":" + i + "}");
            }
            assertThat(received).containsOnlyKeys("a=", "b=", "c=");
            received.values().forEach(frames -> assertThat(frames).containsExactlyElementsOf(expected));
            assertThat(completionThreads).as("completed on the I/O thread, not handed to the SDK's response pool")
                    .noneMatch(name -> name.startsWith("sdk-async-response"));
        }
    }

    @Test
    void aCallInFlightHasItsTimeoutArmed_andACompletedOneLeavesNoTimerBehind() throws Exception {
        try (ApplicationContext context = context()) {
            Sender sender = context.getBean(Sender.class);
            ManagementTimers timers = context.getBean(ManagementTimers.class);
            for (int i = 0; i < 100; i++) {
                assertThat(sender.post("a=", "{}".getBytes(StandardCharsets.UTF_8))).isEqualTo(Outcome.DELIVERED);
            }
            // the SDK cancels a timer just after completing the call, so the last one may still be going
            assertThat(pendingSettles(timers)).as("completed calls' timers removed, not left to fire").isZero();

            CompletableFuture<Outcome> slow = sender.send("slow=", "{}".getBytes(StandardCharsets.UTF_8));
            assertThat(arrived.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(timers.pending()).as("the call in flight is timed by these timers").isEqualTo(1);
            release.countDown();

            assertThat(Sender.await(slow)).isEqualTo(Outcome.DELIVERED);
            assertThat(pendingSettles(timers)).isZero();
        }
    }

    /** The pending timers once they stop falling, within 2 s (the calls' timeout is 20 s). */
    private static int pendingSettles(ManagementTimers timers) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (timers.pending() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return timers.pending();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
