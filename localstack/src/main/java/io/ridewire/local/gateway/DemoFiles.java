package io.ridewire.local.gateway;

import io.netty.channel.ChannelHandlerContext;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code GET /_local/demo/…}: the browser demo of the TypeScript SDK. Pages come from {@code <dir>/demo/}, the SDK's
 * compiled modules from {@code <dir>/dist/} under {@code /_local/demo/sdk/}; {@code <dir>} is
 * {@code RIDEWIRE_DEMO_DIR} (default {@code clients/typescript}, relative to where the stack was started).
 */
final class DemoFiles {
    static final String PREFIX = "/_local/demo/";
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "map", "application/json");

    private final Path root;

    DemoFiles(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    static DemoFiles fromEnvironment() {
        return new DemoFiles(Path.of(System.getenv().getOrDefault("RIDEWIRE_DEMO_DIR", "clients/typescript")));
    }

    void handle(ChannelHandlerContext ctx, String path, boolean keepAlive) {
        String relative = path.substring(PREFIX.length());
        Path base = relative.startsWith("sdk/") ? root.resolve("dist") : root.resolve("demo");
        String name = relative.startsWith("sdk/") ? relative.substring(4) : relative;
        Path file = base.resolve(name.isEmpty() ? "index.html" : name).normalize();
        String extension = file.getFileName().toString().replaceAll("^.*\\.", "");
        // normalize() removed any "..": a file outside the base is refused, as is anything but the known types
        if (!file.startsWith(base) || !TYPES.containsKey(extension) || !Files.isRegularFile(file)) {
            Http.json(ctx, keepAlive, 404, "{\"error\":\"not_found\",\"message\":" + Http.quote(
                    relative.startsWith("sdk/") ? "build the SDK first: cd clients/typescript && npm ci && npm run build"
                            : "no such demo file") + "}");
            return;
        }
        try {
            Http.respond(ctx, keepAlive, 200, TYPES.get(extension), Files.readString(file, StandardCharsets.UTF_8),
                    Map.of("Cache-Control", "no-store"));
        } catch (IOException e) {
            Http.json(ctx, keepAlive, 500, "{\"error\":\"internal\",\"message\":" + Http.quote(e.getMessage()) + "}");
        }
    }
}
