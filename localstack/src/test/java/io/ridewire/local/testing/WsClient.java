package io.ridewire.local.testing;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * A real WebSocket client (the JDK's) that collects every text message it receives, for tests to wait on.
 */
public final class WsClient implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final WebSocket socket;
    private final LinkedBlockingQueue<JsonNode> inbox = new LinkedBlockingQueue<>();
    private final List<JsonNode> seen = new ArrayList<>();
    private final CompletableFuture<Integer> closed;
    private final JsonMapper json;

    private WsClient(WebSocket socket, Listener listener, JsonMapper json) {
        this.socket = socket;
        this.json = json;
        this.closed = listener.closed;
        listener.attach(this);
    }

    /** Connects with {@code Authorization: Bearer token}. */
    public static WsClient connectWithHeader(URI uri, String token, JsonMapper json) {
        return connect(uri, token, json);
    }

    /** Connects with {@code ?token=}. */
    public static WsClient connectWithQuery(URI uri, String token, JsonMapper json) {
        return connect(URI.create(uri + "?token=" + token), null, json);
    }

    private static WsClient connect(URI uri, String bearer, JsonMapper json) {
        Listener listener = new Listener(json);
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        if (bearer != null) {
            builder.header("Authorization", "Bearer " + bearer);
        }
        var pending = builder.buildAsync(uri, listener);
        try {
            WebSocket socket = pending.get(15, TimeUnit.SECONDS);
            return new WsClient(socket, listener, json);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new CompletionException(e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            // a handshake given up on may still complete: its socket would stay open with nobody to close it
            pending.thenAccept(WebSocket::abort);
            throw new IllegalStateException(e);
        }
    }

    /** The HTTP status a refused handshake answered with. */
    public static int refusedStatus(URI uri, String bearer) {
        return refusedStatus(uri, bearer, Duration.ofSeconds(10), Duration.ofSeconds(15));
    }

    /** The HTTP status a handshake answered with (101: opened), connecting within {@code connect}, done in {@code wait}. */
    public static int refusedStatus(URI uri, String bearer, Duration connect, Duration wait) {
        Listener listener = new Listener(null);
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(connect);
        if (bearer != null) {
            builder.header("Authorization", "Bearer " + bearer);
        }
        try {
            WebSocket socket = builder.buildAsync(uri, listener).get(wait.toMillis(), TimeUnit.MILLISECONDS);
            socket.abort();
            return 101;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    public void send(String text) {
        socket.sendText(text, true).join();
    }

    public void sendBinary(byte[] data) {
        socket.sendBinary(java.nio.ByteBuffer.wrap(data), true).join();
    }

    /** Waits for the next message of a type, keeping the others for later waits. */
    public JsonNode await(String type) {
        return await(m -> type.equals(text(m, "type")), Duration.ofSeconds(10), type);
    }

    public JsonNode await(String type, Duration timeout) {
        return await(m -> type.equals(text(m, "type")), timeout, type);
    }

    public JsonNode await(Predicate<JsonNode> matching, Duration timeout, String what) {
        JsonNode found = poll(matching, timeout);
        if (found == null) {
            throw new AssertionError("no " + what + " within " + timeout + "; received " + snapshot().stream()
                    .map(this::render).toList());
        }
        return found;
    }

    /** Asserts no message of this type arrives within the window. */
    public void assertNone(String type, Duration window) {
        JsonNode found = poll(m -> type.equals(text(m, "type")), window);
        if (found != null) {
            throw new AssertionError("unexpected " + type + ": " + found);
        }
    }

    /** The next matching message within the timeout, or null; others are kept for later waits. */
    public synchronized JsonNode poll(Predicate<JsonNode> matching, Duration timeout) {
        for (JsonNode message : seen) {
            if (matching.test(message)) {
                seen.remove(message);
                return message;
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                JsonNode next = left <= 0 ? null : inbox.poll(left, TimeUnit.NANOSECONDS);
                if (next == null) {
                    return null;
                }
                if (matching.test(next)) {
                    return next;
                }
                seen.add(next);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A message as its JSON text, for a failure that names what did arrive. */
    private String render(JsonNode message) {
        try {
            return json.writeValueAsString(message);
        } catch (java.io.IOException e) {
            return String.valueOf(text(message, "type"));
        }
    }

    private synchronized List<JsonNode> snapshot() {
        return List.copyOf(seen);
    }

    /** Every message received and not yet consumed by a wait. */
    public synchronized List<JsonNode> drain() {
        List<JsonNode> all = new ArrayList<>(seen);
        seen.clear();
        inbox.drainTo(all);
        return all;
    }

    /** The close code the server sent, waiting up to {@code timeout}. */
    public int awaitClose(Duration timeout) {
        try {
            return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new AssertionError("connection not closed within " + timeout, e);
        }
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    public static String text(JsonNode node, String path) {
        JsonNode current = node;
        for (String part : path.split("\\.")) {
            if (current == null || !current.isObject()) {
                return null;
            }
            current = current.get(part);
        }
        return current == null || current.isNull() ? null : current.coerceStringValue();
    }

    @Override
    public void close() {
        if (!closed.isDone()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(2, TimeUnit.SECONDS)
                    .exceptionally(e -> null).join();
            try {
                closed.get(2, TimeUnit.SECONDS);
            } catch (InterruptedException | ExecutionException | TimeoutException e) {
                socket.abort();
            }
        }
    }

    private static final class Listener implements WebSocket.Listener {
        private final JsonMapper json;
        private final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();
        private WsClient client;
        private final List<JsonNode> early = new ArrayList<>();

        Listener(JsonMapper json) {
            this.json = json;
        }

        synchronized void attach(WsClient client) {
            this.client = client;
            client.inbox.addAll(early);
            early.clear();
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                JsonNode node;
                try {
                    node = json.readValue(text, JsonNode.class);
                } catch (IOException e) {
                    throw new UncheckedIOException("server sent non-JSON: " + text, e);
                }
                synchronized (this) {
                    if (client == null) {
                        early.add(node);
                    } else {
                        client.inbox.add(node);
                    }
                }
            }
            webSocket.request(1);
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
    }
}
