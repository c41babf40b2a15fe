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
 * it says how to install it.
 */
public final class ServiceProcesses implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceProcesses.class);

    private final List<Process> started = new ArrayList<>();
    private final List<Path> scratch = new ArrayList<>();

    /** A reachable Redis URI: the given one, or one for a redis-server started here. */
    public String ensureRedis(String uri) throws IOException {
        URI parsed = URI.create(uri);
        if (FreePorts.listening(host(parsed), parsed.getPort() < 0 ? 6379 : parsed.getPort())) {
            return uri;
        }
        String binary = onPath("redis-server").orElseThrow(() -> new IOException(
                "Redis is not reachable at " + uri + " and redis-server is not installed: "
                        + "apt-get install -y redis-server (Debian/Ubuntu) or brew install redis (macOS)"));
        int port = FreePorts.next();
        start(List.of(binary, "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no"), "redis", port);
        LOG.info("started redis-server on 127.0.0.1:{}", port);
        return "redis://127.0.0.1:" + port;
    }

    /** A reachable NATS URL: the given one, or one for a nats-server (JetStream on) started here. */
    public String ensureNats(String url) throws IOException {
        URI parsed = URI.create(url);
        if (FreePorts.listening(host(parsed), parsed.getPort() < 0 ? 4222 : parsed.getPort())) {
            return url;
        }
        String binary = onPath("nats-server").orElseThrow(() -> new IOException(
                "NATS is not reachable at " + url + " and nats-server is not installed: "
                        + "apt-get install -y nats-server (Debian/Ubuntu) or brew install nats-server (macOS)"));
        int port = FreePorts.next();
        Path store = Files.createTempDirectory("ridewire-nats");
        scratch.add(store);
        start(List.of(binary, "-a", "127.0.0.1", "-p", Integer.toString(port), "-js", "-sd", store.toString()),
                "nats", port);
        LOG.info("started nats-server (JetStream) on 127.0.0.1:{}", port);
        return "nats://127.0.0.1:" + port;
    }

    private void start(List<String> command, String name, int port) throws IOException {
        Process process = new ProcessBuilder(command)
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
