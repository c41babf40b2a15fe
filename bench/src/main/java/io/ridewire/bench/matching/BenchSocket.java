package io.ridewire.bench.matching;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A WebSocket client that stamps each received frame with its arrival time, for latency measurements. */
final class BenchSocket implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** A received frame: its type and when it arrived (System.nanoTime). */
    record Received(String type, JsonNode message, long arrivedNanos) {
    }

    private final WebSocket socket;
    private final LinkedBlockingQueue<Received> inbox = new LinkedBlockingQueue<>();

    private BenchSocket(URI uri, String token, JsonMapper json) throws Exception {
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
                                JsonNode message = json.readValue(partial.toString(), JsonNode.class);
                                JsonNode type = message.get("type");
                                inbox.add(new Received(type == null ? null : type.getStringValue(), message, now));
                            } catch (IOException e) {
                                inbox.add(new Received("unparsable", null, now));
                            }
                            partial.setLength(0);
                        }
                        webSocket.request(1);
                        return null;
                    }
                }).get(15, TimeUnit.SECONDS);
    }

    static BenchSocket connect(URI uri, String token, JsonMapper json) throws Exception {
        BenchSocket client = new BenchSocket(uri, token, json);
        // a ping round trip shows the connection is up without waiting on the welcome relay
        client.send("{\"type\":\"ping\"}");
        client.await("pong", Duration.ofSeconds(60));
        return client;
    }

    void send(String text) {
        socket.sendText(text, true).join();
    }

    /** The next frame of this type; frames of other types before it are dropped. */
    Received await(String type, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        java.util.List<String> skipped = new java.util.ArrayList<>();
        while (true) {
            Received next = inbox.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (next == null) {
                throw new IllegalStateException("no " + type + " within " + timeout + "; skipped " + skipped);
            }
            if (type.equals(next.type())) {
                return next;
            }
            skipped.add(next.type());
        }
    }

    @Override
    public void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(2, TimeUnit.SECONDS).exceptionally(e -> null).join();
    }
}
