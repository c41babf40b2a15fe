package io.ridewire.local.faults;

import io.ridewire.local.FreePorts;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The whole local stack in a JVM of its own ({@code ./ridewire up --persist DIR}, as a developer runs it), so a test
 * can {@code kill -9} it: no shutdown hook runs, and the Redis and nats-server it started must not stay behind.
 */
final class StackProcess implements AutoCloseable {
    private final Process process;
    private final URI rest;
    private final URI webSocket;

    private StackProcess(Process process, URI rest, URI webSocket) {
        this.process = process;
        this.rest = rest;
        this.webSocket = webSocket;
    }

    static StackProcess start(Path persist) throws IOException {
        return start(persist, Map.of());
    }

    /** With {@code properties} (Micronaut settings, e.g. {@code ridewire.matching.proposal-timeout}) as system properties. */
    static StackProcess start(Path persist, Map<String, String> properties) throws IOException {
        int port = FreePorts.next();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx384m",
                "-Dsqlite4java.library.path=" + System.getProperty("sqlite4java.library.path")));
        properties.forEach((name, value) -> command.add("-D" + name + "=" + value));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.ridewire.local.LocalStack",
                "--persist", persist.toString(), "--port", Integer.toString(port)));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("RIDEWIRE_"));
        Process process = builder.start();
        CompletableFuture<URI> ready = new CompletableFuture<>();
        List<String> output = Collections.synchronizedList(new ArrayList<>());
        Thread.ofVirtual().start(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    if (output.size() < 300) {
                        output.add(line);
                    }
                    if (line.startsWith("ready ws://")) {
                        ready.complete(URI.create(line.substring("ready ".length()).trim()));
                    }
                }
            } catch (IOException e) {
                // the process is gone
            }
            ready.completeExceptionally(new IOException("the stack exited before it was ready"));
        });
        URI webSocket;
        try {
            webSocket = ready.get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IOException("the stack did not start:\n" + String.join("\n", output), e);
        }
        return new StackProcess(process, URI.create("http://127.0.0.1:" + port), webSocket);
    }

    URI rest() {
        return rest;
    }

    URI webSocket() {
        return webSocket;
    }

    /** The processes the stack started (its Redis and nats-server, under their watchers). */
    List<ProcessHandle> children() {
        return process.descendants().toList();
    }

    /** SIGKILL: no shutdown hook, nothing flushed on the way out. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(20, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}
