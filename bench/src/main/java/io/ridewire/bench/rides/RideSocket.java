package io.ridewire.bench.rides;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A WebSocket client for the ride benchmark: frames stamped with their arrival time, awaited by type. */
final class RideSocket implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** A received frame and when it arrived (System.nanoTime). */
    record Received(JsonNode message, long arrivedNanos) {
        String text(String path) {
            JsonNode current = message;
            for (String part : path.split("\\.")) {
                if (current == null || !current.isObject()) {
                    return null;
                }
                current = current.get(part);
            }
            return current == null || current.isNull() ? null : current.coerceStringValue();
        }
    }

    private final WebSocket socket;
    private final LinkedBlockingQueue<Received> inbox = new LinkedBlockingQueue<>();
    private final List<Received> kept = new ArrayList<>();

    private RideSocket(URI uri, String token, JsonMapper json) throws Exception {
        this.socket = HTTP.newWebSocketBuilder()
                .header("Authorization", "Bearer " + token)
                .connectTimeout(Duration.ofSeconds(10))
                .buildAsync(uri, new WebSocket.Listener() {
                    private final StringBuilder partial = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        long now = System.nanoTime();
                        partial.append(data);
                        if (last) {
                            try {
                                inbox.add(new Received(json.readValue(partial.toString(), JsonNode.class), now));
                            } catch (IOException e) {
                                throw new IllegalStateException("unparsable frame", e);
                            }
                            partial.setLength(0);
                        }
                        webSocket.request(1);
                        return null;
                    }
                }).get(15, TimeUnit.SECONDS);
    }

    static RideSocket connect(URI uri, String token, JsonMapper json) throws Exception {
        RideSocket client = new RideSocket(uri, token, json);
        client.await("connection.established");
        return client;
    }

    void send(String text) {
        socket.sendText(text, true).join();
    }

    Received await(String type) throws InterruptedException {
        return await(r -> type.equals(r.text("type")), type);
    }

    /** The next frame matching; others are kept for later waits. */
    synchronized Received await(Predicate<Received> matching, String what) throws InterruptedException {
        for (Received r : kept) {
            if (matching.test(r)) {
                kept.remove(r);
                return r;
            }
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            Received next = inbox.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (next == null) {
                throw new IllegalStateException("no " + what + " within 30 s; kept " + kept.size());
            }
            if (matching.test(next)) {
                return next;
            }
            if ("error.validation".equals(next.text("type"))) {
                throw new IllegalStateException("refused: " + next.message());
            }
            kept.add(next);
        }
    }

    /** Forgets what arrived and was not awaited (tracking and progress during the fixes). */
    synchronized void clear() {
        kept.clear();
        inbox.clear();
    }

    /** Acknowledges a critical event. */
    void ack(Received event) {
        send("{\"type\":\"ack\",\"payload\":{\"id\":\"" + event.text("id") + "\"}}");
    }

    @Override
    public void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(2, TimeUnit.SECONDS).exceptionally(e -> null).join();
    }
}
