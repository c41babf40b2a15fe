package io.ridewire.bench.peers;

import io.ridewire.local.FreePorts;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Socket.IO 4 peer of the order-room fan-out ({@code bench/peers/socketio}): installs its packages from the
 * npm registry by the lockfile when missing, runs the Node server and the Node clients (N members of one room,
 * sequential fan-outs timed from the trigger to each receipt) and reads the client's one JSON line.
 */
public final class SocketIoPeer {
    private static final Pattern NUMBER = Pattern.compile("\"(\\w+)\":([0-9.]+)");

    /** What the peer measured. */
    public record Result(long deliveries, double perSecond, double p50, double p90, double p99, double max) {
        public String summary() {
            return String.format(java.util.Locale.ROOT, "%d deliveries, %.0f deliveries/s, p50=%.2f ms p90=%.2f ms "
                    + "p99=%.2f ms max=%.2f ms", deliveries, perSecond, p50, p90, p99, max);
        }
    }

    private SocketIoPeer() {
    }

    public static Result run(int members, int fanouts, int warmup, Path runFolder) throws IOException, InterruptedException {
        Path dir = Path.of(System.getProperty("ridewire.root", ".")).toAbsolutePath().normalize()
                .resolve("bench/peers/socketio");
        install(dir, runFolder);
        int port = FreePorts.next();
        Process server = new ProcessBuilder("node", "server.js", Integer.toString(port)).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(runFolder.resolve("socketio-server.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!FreePorts.listening("127.0.0.1", port)) {
                if (!server.isAlive() || System.nanoTime() > deadline) {
                    throw new IOException("the Socket.IO server did not start; see " + runFolder.resolve("socketio-server.log"));
                }
                Thread.sleep(100);
            }
            Process client = new ProcessBuilder("node", "client.js", "ws://127.0.0.1:" + port,
                    Integer.toString(members), Integer.toString(fanouts), Integer.toString(warmup))
                    .directory(dir.toFile()).redirectError(runFolder.resolve("socketio-client.log").toFile()).start();
            String output = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!client.waitFor(5, TimeUnit.MINUTES) || client.exitValue() != 0) {
                client.destroyForcibly();
                throw new IOException("the Socket.IO client failed: " + output + "; see " + runFolder.resolve("socketio-client.log"));
            }
            return parse(output);
        } finally {
            server.destroy();
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    /** {@code npm ci} from the lockfile, when the installed packages are missing or older than it. */
    private static void install(Path dir, Path runFolder) throws IOException, InterruptedException {
        Path marker = dir.resolve("node_modules/.package-lock.json");
        if (Files.exists(marker) && Files.getLastModifiedTime(marker).compareTo(
                Files.getLastModifiedTime(dir.resolve("package-lock.json"))) >= 0) {
            return;
        }
        File log = runFolder.resolve("npm-ci.log").toFile();
        Process npm = new ProcessBuilder(List.of("npm", "ci", "--no-audit", "--no-fund")).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(log).start();
        if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0) {
            npm.destroyForcibly();
            throw new IOException("npm ci failed in " + dir + "; see " + log);
        }
    }

    private static Result parse(String json) {
        java.util.Map<String, Double> values = new java.util.HashMap<>();
        Matcher matcher = NUMBER.matcher(json);
        while (matcher.find()) {
            values.put(matcher.group(1), Double.parseDouble(matcher.group(2)));
        }
        return new Result(values.get("deliveries").longValue(), values.get("per_second"), values.get("p50"),
                values.get("p90"), values.get("p99"), values.get("max"));
    }
}
