package io.ridewire.local.testing;

import io.ridewire.local.FreePorts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A redis-server or nats-server of a test's own, on a free port, that the test may kill ({@code kill -9}) and start
 * again on the same port (nats-server with the same store directory, so file streams survive; Redis without
 * persistence, so a restart is a flush). Never the machine's servers nor those shared by other test classes.
 */
public final class ServerProcess implements AutoCloseable {
    private final List<String> command;
    private final int port;
    private final Path scratch;
    private Process process;

    private ServerProcess(List<String> command, int port, Path scratch) {
        this.command = command;
        this.port = port;
        this.scratch = scratch;
    }

    public static ServerProcess redis() {
        int port = FreePorts.next();
        return new ServerProcess(List.of(binary("redis-server"), "--port", Integer.toString(port), "--bind",
                "127.0.0.1", "--save", "", "--appendonly", "no"), port, null).start();
    }

    public static ServerProcess nats() {
        int port = FreePorts.next();
        try {
            Path store = Files.createTempDirectory("ridewire-test-nats");
            return new ServerProcess(List.of(binary("nats-server"), "-a", "127.0.0.1", "-p", Integer.toString(port),
                    "-js", "-sd", store.toString()), port, store).start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public String redisUri() {
        return "redis://127.0.0.1:" + port;
    }

    public String natsUrl() {
        return "nats://127.0.0.1:" + port;
    }

    /** Starts it (again) on its port and waits until it listens. */
    public synchronized ServerProcess start() {
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + command.getFirst(), e);
        }
        Eventually.until(() -> FreePorts.listening("127.0.0.1", port));
        return this;
    }

    /** kill -9, and waits until the port is closed. */
    public synchronized void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Eventually.until(() -> !FreePorts.listening("127.0.0.1", port));
    }

    @Override
    public synchronized void close() {
        if (process != null && process.isAlive()) {
            kill();
        }
        if (scratch != null) {
            try (var files = Files.walk(scratch)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a temp dir left behind is harmless
            }
        }
    }

    private static String binary(String name) {
        for (String dir : List.of("/usr/bin", "/usr/sbin", "/usr/local/bin", "/opt/homebrew/bin")) {
            if (Files.isExecutable(Path.of(dir, name))) {
                return dir + "/" + name;
            }
        }
        return name;
    }
}
