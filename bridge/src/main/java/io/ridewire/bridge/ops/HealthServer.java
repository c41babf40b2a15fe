package io.ridewire.bridge.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ridewire.bridge.Bridge;
import io.ridewire.functions.events.NatsConnection;
import io.ridewire.functions.health.HealthCheck;
import io.ridewire.functions.redis.RedisConnections;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * {@code /health} (liveness: NATS and Redis answer), {@code /ready} (consuming) and {@code /metrics} (Prometheus
 * text of the {@link BridgeMetrics} registry: deliveries, failures, lag per consumer, DLQ depth, readiness) for the
 * container's health checks and scrapers.
 */
public final class HealthServer implements AutoCloseable {
    private final HttpServer server;

    public HealthServer(int port, Bridge bridge, Startup startup, NatsConnection nats, RedisConnections redis,
                        Collection<HealthCheck> components) throws IOException {
        server = HttpServer.create(new InetSocketAddress(port), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/health", exchange -> {
            Map<String, String> checks = new LinkedHashMap<>();
            Map<String, String> lag = new LinkedHashMap<>();
            checks.put("nats", nats.isConnected() ? "UP" : "DOWN");
            checks.put("redis", redis.ping() ? "UP" : "DOWN");
            for (HealthCheck component : components) {
                try {
                    // the deadlines' check reads their indexes: the bridge's calls, as its poller's
                    AsBridge.get(component::check).ifPresent(r -> {
                        checks.put(component.component(), r.status().name());
                        if (r.lag() != null) {
                            lag.put(component.component(), r.lag());
                        }
                    });
                } catch (RuntimeException e) {
                    checks.put(component.component(), "DOWN");
                }
            }
            String status = checks.containsValue("DOWN") ? "DOWN" : checks.containsValue("DEGRADED") ? "DEGRADED" : "UP";
            respond(exchange, "DOWN".equals(status) ? 503 : 200, "application/json",
                    "{\"status\":\"" + status + "\",\"checks\":" + object(checks) + ",\"lag\":" + object(lag) + "}");
        });
        // ready = consuming: false while NATS is lost and until the consumers are ensured again. The status stays 200
        // while the bridge waits for its NATS URL: the container health check must not cycle a task no restart fixes.
        server.createContext("/ready", exchange -> respond(exchange,
                bridge.isConsuming() || startup.healthy() && !startup.ready() ? 200 : 503,
                "application/json", "{\"ready\":" + bridge.isConsuming() + ",\"state\":\"" + startup.state()
                        + "\",\"reason\":\"" + startup.reason().replace("\"", "'") + "\"}"));
        server.createContext("/metrics", exchange -> respond(exchange, 200, "text/plain; version=0.0.4",
                bridge.metrics().scrape()));
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static String object(Map<String, String> values) {
        StringBuilder out = new StringBuilder("{");
        values.forEach((name, value) -> out.append(out.length() > 1 ? "," : "").append('"').append(name)
                .append("\":\"").append(value.replace("\"", "'")).append('"'));
        return out.append('}').toString();
    }

    private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
