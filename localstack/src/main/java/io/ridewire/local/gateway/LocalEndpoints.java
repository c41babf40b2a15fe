package io.ridewire.local.gateway;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;

import java.util.Map;
import java.util.Optional;

/**
 * The emulator's own endpoints, which AWS does not have: {@code GET /_local/token?role=…&sub=…[&store_id=…]}
 * mints a development token; {@code POST /_local/faults?fail_posts=N&fail_deletes=K&status=500&fail_disconnects=M}
 * makes the management API fail the next N posts and K deletes, and the next M {@code $disconnect}s fail;
 * {@code GET /_local/stats[?gc=true]} reports open connections and heap use (for benchmarks);
 * {@code GET /_local/demo/} is the SDK's browser demo ({@link DemoFiles}).
 */
final class LocalEndpoints {
    private static final DemoFiles DEMO = DemoFiles.fromEnvironment();

    private LocalEndpoints() {
    }

    static void handle(WebSocketGateway gateway, ChannelHandlerContext ctx, FullHttpRequest request, String path,
                       boolean keepAlive) {
        if (path.startsWith(DemoFiles.PREFIX)) {
            DEMO.handle(ctx, path, keepAlive);
            return;
        }
        Map<String, String> query = Events.query(request);
        switch (path) {
            case "/_local/token" -> {
                Optional<String> token = gateway.tokenMinter().apply(query);
                if (token.isEmpty()) {
                    Http.json(ctx, keepAlive, 400, "{\"error\":\"validation\",\"message\":"
                            + Http.quote("role (driver, passenger, customer, merchant, admin, support) and sub are "
                            + "required; merchants also need store_id") + "}");
                } else {
                    Http.json(ctx, keepAlive, 200, "{\"token\":" + Http.quote(token.get()) + "}");
                }
            }
            case "/_local/faults" -> {
                if (!HttpMethod.POST.equals(request.method())) {
                    Http.json(ctx, keepAlive, 405, "{\"error\":\"method_not_allowed\"}");
                    return;
                }
                try {
                    int count = Integer.parseInt(query.getOrDefault("fail_posts", "0"));
                    int status = Integer.parseInt(query.getOrDefault("status", "500"));
                    int disconnects = Integer.parseInt(query.getOrDefault("fail_disconnects", "0"));
                    int deletes = Integer.parseInt(query.getOrDefault("fail_deletes", "0"));
                    gateway.faults().failNextPosts(count, status);
                    gateway.faults().failNextDeletes(deletes, status);
                    gateway.faults().failNextDisconnects(disconnects);
                    Http.json(ctx, keepAlive, 200, "{\"fail_posts\":" + count + ",\"fail_deletes\":" + deletes
                            + ",\"status\":" + status + ",\"fail_disconnects\":" + disconnects + "}");
                } catch (NumberFormatException e) {
                    Http.json(ctx, keepAlive, 400, "{\"error\":\"validation\",\"message\":"
                            + "\"fail_posts, fail_deletes, status and fail_disconnects are integers\"}");
                }
            }
            case "/_local/stats" -> {
                if ("true".equals(query.get("gc"))) {
                    System.gc();
                }
                Runtime runtime = Runtime.getRuntime();
                Http.json(ctx, keepAlive, 200, "{\"open_connections\":" + gateway.openConnections()
                        + ",\"heap_used_bytes\":" + (runtime.totalMemory() - runtime.freeMemory())
                        + ",\"heap_max_bytes\":" + runtime.maxMemory() + "}");
            }
            default -> Http.json(ctx, keepAlive, 404, "{\"error\":\"not_found\"}");
        }
    }
}
