package io.ridewire.bench.load;

import io.ridewire.local.FreePorts;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The local stack in its own JVM (so its heap and CPU are measured alone), started from the built jar with a heap
 * cap and extra environment (rate limits raised for load, say). It starts private redis-server and nats-server
 * processes on free ports (never the machine's shared ones) and stops them when it stops; its log goes to the
 * run's folder.
 */
public final class StackProcess implements AutoCloseable {
    private final Process process;
    private final int port;
    private final HttpClient http = HttpClient.newHttpClient();

    private StackProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static StackProcess start(String heap, Map<String, String> environment, Path runFolder)
            throws IOException, InterruptedException {
        Path root = Path.of(System.getProperty("ridewire.root", "."));
        Path jar = root.resolve("localstack/target/localstack-0.1.0-SNAPSHOT.jar");
        if (!jar.toFile().exists()) {
            throw new IOException("build the local stack first: mvn -pl localstack -am package -DskipTests (" + jar + ")");
        }
        int port = FreePorts.next();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx" + heap, "-Xms" + heap, "-XX:+UseZGC",
                "--enable-native-access=ALL-UNNAMED",
                "-Dsqlite4java.library.path=" + root.resolve("localstack/target/native"), "-jar", jar.toString()));
        File log = runFolder.resolve("stack.log").toFile();
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log);
        // nothing listens on these free ports: the stack starts private servers there
        builder.environment().put("RIDEWIRE_REDIS_URI", "redis://127.0.0.1:" + FreePorts.next());
        builder.environment().put("RIDEWIRE_NATS_URL", "nats://127.0.0.1:" + FreePorts.next());
        String prefix = "bench" + UUID.randomUUID().toString().substring(0, 8);
        builder.environment().put("RIDEWIRE_PORT", Integer.toString(port));
        builder.environment().put("RIDEWIRE_TABLES_PREFIX", prefix + "-");
        builder.environment().put("RIDEWIRE_REDIS_KEY_PREFIX", prefix + ":");
        builder.environment().put("RIDEWIRE_NATS_SUBJECT_PREFIX", prefix + ".");
        builder.environment().put("RIDEWIRE_NATS_STREAM_PREFIX", prefix.toUpperCase() + "_");
        builder.environment().putAll(environment);
        StackProcess stack = new StackProcess(builder.start(), port);
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!stack.healthy()) {
            if (!stack.process.isAlive() || System.nanoTime() > deadline) {
                stack.close();
                throw new IOException("local stack did not start; see " + log);
            }
            Thread.sleep(250);
        }
        return stack;
    }

    private boolean healthy() {
        try {
            return get("/health").statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Where the management API client points. */
    public URI managementEndpoint() {
        return URI.create("http://127.0.0.1:" + port + "/local");
    }

    public URI webSocketUri() {
        return URI.create("ws://127.0.0.1:" + port + "/");
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
