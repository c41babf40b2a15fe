package io.ridewire.local.services;

import io.ridewire.local.FreePorts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes sure Redis and a JetStream-enabled nats-server are reachable: uses the configured ones when they answer,
 * otherwise starts them from PATH on free ports (and stops them again on close). When a server is not installed
 * it says how to install it. With a data directory ({@code ./ridewire up --persist DIR}) it always starts its own,
 * keeping Redis's append-only file and nats-server's store there. Every server it starts runs under a small shell
 * that watches this process: if the stack dies, even by {@code kill -9}, the server is stopped within a second
 * instead of staying behind as an orphan.
 */
public final class ServiceProcesses implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceProcesses.class);

    /** Runs the server in the background, stops it on TERM, and stops it when the parent (the stack) is gone. */
    private static final String WATCH_PARENT = """
            parent=$1; shift
            "$@" & child=$!
            trap 'kill $child 2>/dev/null; wait $child; exit 0' TERM INT
            while kill -0 "$parent" 2>/dev/null && kill -0 $child 2>/dev/null; do sleep 1; done
            kill $child 2>/dev/null; wait $child
            """;

    private final List<Process> started = new ArrayList<>();
    private final List<Path> scratch = new ArrayList<>();
    private final Path dataDir;

    /** Servers without persistence (a restart loses their state). */
    public ServiceProcesses() {
        this(null);
    }

    /** With {@code dataDir}: servers of its own, keeping their state under it. */
    public ServiceProcesses(Path dataDir) {
        this.dataDir = dataDir;
    }

    /** A reachable Redis URI: the given one, or one for a redis-server started here. */
    public String ensureRedis(String uri) throws IOException {
        URI parsed = URI.create(uri);
        if (dataDir == null && FreePorts.listening(host(parsed), parsed.getPort() < 0 ? 6379 : parsed.getPort())) {
            return uri;
        }
        String binary = onPath("redis-server").orElseThrow(() -> new IOException(
                "Redis is not reachable at " + uri + " and redis-server is not installed: "
                        + "apt-get install -y redis-server (Debian/Ubuntu) or brew install redis (macOS)"));
        int port = FreePorts.next();
        List<String> command = new ArrayList<>(List.of(binary, "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", ""));
        if (dataDir == null) {
            command.addAll(List.of("--appendonly", "no"));
        } else {
            Path dir = Files.createDirectories(dataDir.resolve("redis"));
            // every write in the append-only file, flushed each second: a crash loses at most the last second
            command.addAll(List.of("--appendonly", "yes", "--appendfsync", "everysec", "--dir", dir.toString()));
        }
        start(command, "redis", port);
        LOG.info("started redis-server on 127.0.0.1:{}", port);
        return "redis://127.0.0.1:" + port;
    }

    /** A reachable NATS URL: the given one, or one for a nats-server (JetStream on) started here. */
    public String ensureNats(String url) throws IOException {
        URI parsed = URI.create(url);
        if (dataDir == null && FreePorts.listening(host(parsed), parsed.getPort() < 0 ? 4222 : parsed.getPort())) {
            return url;
        }
        String binary = onPath("nats-server").orElseThrow(() -> new IOException(
                "NATS is not reachable at " + url + " and nats-server is not installed: "
                        + "apt-get install -y nats-server (Debian/Ubuntu) or brew install nats-server (macOS)"));
        int port = FreePorts.next();
        Path store;
        if (dataDir == null) {
            store = Files.createTempDirectory("ridewire-nats");
            scratch.add(store);
        } else {
            store = Files.createDirectories(dataDir.resolve("nats"));
        }
        start(List.of(binary, "-a", "127.0.0.1", "-p", Integer.toString(port), "-js", "-sd", store.toString()),
                "nats", port);
        LOG.info("started nats-server (JetStream) on 127.0.0.1:{}", port);
        return "nats://127.0.0.1:" + port;
    }

    private void start(List<String> command, String name, int port) throws IOException {
        List<String> watched = new ArrayList<>(List.of("sh", "-c", WATCH_PARENT, "sh",
                Long.toString(ProcessHandle.current().pid())));
        watched.addAll(command);
        Process process = new ProcessBuilder(watched)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        started.add(process);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!FreePorts.listening("127.0.0.1", port)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IOException(name + " did not start: " + String.join(" ", command));
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while starting " + name, e);
            }
        }
    }

    private static String host(URI uri) {
        return uri.getHost() == null ? "127.0.0.1" : uri.getHost();
    }

    static java.util.Optional<String> onPath(String binary) {
        String path = System.getenv("PATH");
        List<String> dirs = new ArrayList<>(List.of((path == null ? "" : path).split(File.pathSeparator)));
        dirs.addAll(List.of("/usr/sbin", "/usr/local/sbin", "/usr/local/bin", "/usr/bin", "/opt/homebrew/bin"));
        for (String dir : dirs) {
            File candidate = new File(dir, binary);
            if (!dir.isEmpty() && candidate.canExecute()) {
                return java.util.Optional.of(candidate.getAbsolutePath());
            }
        }
        return java.util.Optional.empty();
    }

    @Override
    public void close() {
        for (Process process : started) {
            process.destroy();
        }
        for (Process process : started) {
            try {
                if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
        for (Path dir : scratch) {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a temp dir left behind is harmless
            }
        }
    }
}
