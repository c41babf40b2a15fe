package io.ridewire.local.bridge;

import io.ridewire.local.LocalStack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A bridge in its own JVM ({@code BridgeMain}, as the container runs it), pointed at a local stack. */
public final class BridgeProcess implements AutoCloseable {
    private final Process process;
    private final int port;

    private final List<String> output;

    private BridgeProcess(Process process, int port, List<String> output) {
        this.process = process;
        this.port = port;
        this.output = output;
    }

    public static BridgeProcess start(LocalStack stack, Map<String, String> extra) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "io.ridewire.bridge.BridgeMain"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(stack.environmentForProcesses());
        builder.environment().put("RIDEWIRE_BRIDGE_PORT", "0");
        builder.environment().putAll(extra);
        Process process = builder.start();
        CompletableFuture<Integer> ready = new CompletableFuture<>();
        List<String> output = Collections.synchronizedList(new ArrayList<>());
        Thread.ofVirtual().start(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    if (output.size() < 200) {
                        output.add(line);
                    }
                    if (line.startsWith("bridge ready, health on :")) {
                        ready.complete(Integer.parseInt(line.substring(line.indexOf(':') + 1).trim()));
                    }
                }
            } catch (IOException e) {
                // the process is gone
            }
            ready.completeExceptionally(new IOException("bridge exited before it was ready"));
        });
        try {
            // a JVM start can take a minute on the shared 2-core machine under load (seen at a load average of 27)
            return new BridgeProcess(process, ready.get(150, TimeUnit.SECONDS), output);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IOException("bridge did not start:\n" + String.join("\n", output), e);
        }
    }

    /** SIGKILL: no shutdown hook, no drain. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    long metric(String name) throws IOException, InterruptedException {
        Double value = scrape().get(name);
        if (value == null) {
            throw new IllegalStateException("no metric " + name);
        }
        return value.longValue();
    }

    /** {@code /metrics} parsed from the Prometheus text: sample ({@code name} or {@code name{labels}}) → value. */
    Map<String, Double> scrape() throws IOException, InterruptedException {
        Map<String, Double> samples = new LinkedHashMap<>();
        for (String line : healthBody("/metrics").split("\n")) {
            int space = line.lastIndexOf(' ');
            if (!line.isBlank() && !line.startsWith("#") && space > 0) {
                samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
            }
        }
        return samples;
    }

    /** The first 200 lines the process printed. */
    List<String> output() {
        return List.copyOf(output);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String healthBody(String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    int healthStatus(String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
