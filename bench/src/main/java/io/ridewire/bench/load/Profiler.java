package io.ridewire.bench.load;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * async-profiler ({@code tools.profiler:async-profiler:4.1:linux-x64}, on the bench's class path) attached to
 * another JVM with {@code jcmd PID JVMTI.agent_load}: CPU samples per thread while a phase runs, written to the run
 * folder as collapsed stacks and a flame graph, and summarised by where the time goes.
 */
public final class Profiler {
    private static final String OPTIONS = "event=cpu,interval=1ms,threads";

    private final long pid;
    private final Path library;
    private final Path folder;
    private boolean paused;

    private Profiler(long pid, Path library, Path folder) {
        this.pid = pid;
        this.library = library;
        this.folder = folder;
    }

    /** Starts CPU sampling of {@code pid}. */
    public static Profiler start(long pid, Path runFolder) throws IOException, InterruptedException {
        Profiler profiler = new Profiler(pid, library(runFolder), runFolder);
        profiler.jcmd("start," + OPTIONS);
        return profiler;
    }

    /** Stops sampling until {@link #resume}, keeping what was sampled (to profile only the windows that matter). */
    public void pause() throws IOException, InterruptedException {
        jcmd("stop");
        paused = true;
    }

    /** Samples again, adding to what {@link #pause} kept. */
    public void resume() throws IOException, InterruptedException {
        jcmd("resume," + OPTIONS); // the agent forgets the options between sessions
        paused = false;
    }

    /** Copies the agent library into a folder, for {@code jcmd} or a JVM's {@code -agentpath}. */
    public static Path library(Path folder) throws IOException {
        Path library = folder.resolve("libasyncProfiler.so");
        try (InputStream in = Profiler.class.getResourceAsStream("/linux-x64/libasyncProfiler.so")) {
            if (in == null) {
                throw new IOException("async-profiler's linux-x64 library is not on the class path");
            }
            Files.copy(in, library, StandardCopyOption.REPLACE_EXISTING);
        }
        return library;
    }

    /** Stops sampling, writes {@code profile.collapsed} and {@code profile.html}, prints the summary. */
    public void stop() throws IOException, InterruptedException {
        Path collapsed = folder.resolve("profile.collapsed");
        if (paused) {
            resume(); // the agent writes its output only when stopping a running profile
        }
        jcmd("dump,file=" + folder.resolve("profile.html") + ",flamegraph");
        jcmd("stop,file=" + collapsed + ",collapsed");
        System.out.println(summary(Files.readAllLines(collapsed)));
        System.out.println("profile: " + collapsed + " and profile.html beside it");
    }

    private void jcmd(String command) throws IOException, InterruptedException {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        // quoted: jcmd would read "start,event=cpu" as a named argument "start,event"
        Process process = new ProcessBuilder(jcmd, Long.toString(pid), "JVMTI.agent_load", library.toString(),
                "\"" + command + "\"").redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        Files.writeString(folder.resolve("jcmd.log"), command + "\n" + output, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
        // jcmd exits 0 whatever the agent answered: the agent's own code is in the output
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0 || !output.contains("return code: 0")) {
            process.destroyForcibly();
            throw new IOException("jcmd " + command + " failed: " + output.trim());
        }
    }

    /** Shares of all samples: by thread, and by frames anywhere on the stack (a sample can count in several). */
    static String summary(List<String> lines) {
        Map<String, Predicate<String>> threads = new LinkedHashMap<>();
        threads.put("gateway emulator event loops (Netty server)", s -> s.startsWith("[multiThreadIoEventLoopGroup"));
        threads.put("handlers and senders (virtual threads)", s -> s.contains("java.lang.VirtualThread.run"));
        threads.put("SDK HTTP client threads (CRT / Netty / Apache)", s -> s.startsWith("[aws") || s.startsWith("[AwsEventLoop")
                || s.startsWith("[sdk-async") || s.startsWith("[Connection evictor") || s.startsWith("[idle-connection"));
        threads.put("DynamoDB Local (Jetty + SQLite)", s -> s.contains("com.amazonaws.services.dynamodbv2.local")
                || s.contains("com.almworks.sqlite4java") || s.startsWith("[qtp"));
        threads.put("Redis and NATS clients", s -> s.contains("io.lettuce") || s.contains("io.nats"));
        threads.put("GC", s -> s.startsWith("[GC") || s.startsWith("[ZGC") || s.startsWith("[G1") || s.contains("ZDriver")
                || s.startsWith("[ZWorker") || s.startsWith("[ZDirector"));
        threads.put("JIT compiler", s -> s.startsWith("[C1 Compiler") || s.startsWith("[C2 Compiler"));
        Map<String, Predicate<String>> frames = new LinkedHashMap<>();
        frames.put("postToConnection (whole SDK call)", s -> s.contains("postToConnection"));
        frames.put("  SigV4 signing", s -> s.contains("signing") || s.contains("Aws4Signer") || s.contains("AwsV4"));
        frames.put("  Apache HTTP client", s -> s.contains("org.apache.http"));
        frames.put("  AWS CRT HTTP client", s -> s.contains("software.amazon.awssdk.crt") || s.contains("software.amazon.awssdk.http.crt"));
        frames.put("emulator: management API (ManagementApi)", s -> s.contains("io.ridewire.local.gateway.ManagementApi"));
        frames.put("emulator: HTTP decoding (HttpServerCodec, aggregator)", s -> s.contains("io.netty.handler.codec.http.HttpObjectDecoder")
                || s.contains("io.netty.handler.codec.MessageAggregator"));
        frames.put("socket writes (writev/send, Netty flush)", s -> s.contains("doWrite") || s.contains("writev") || s.contains("SocketDispatcher.write"));
        frames.put("socket reads and epoll", s -> s.contains("epoll") || s.contains("SocketDispatcher.read"));
        frames.put("parking / unparking threads", s -> s.contains("LockSupport.park") || s.contains("LockSupport.unpark")
                || s.contains("Unsafe.park") || s.contains("Unsafe.unpark") || s.contains("VirtualThread.park")
                || s.contains("VirtualThread.unpark"));
        frames.put("JSON (Jackson, Micronaut serde)", s -> s.contains("com.fasterxml.jackson") || s.contains("io.micronaut.serde"));
        frames.put("DynamoDB SDK client calls", s -> s.contains("software.amazon.awssdk.services.dynamodb"));
        frames.put("Redis (Lettuce)", s -> s.contains("io.lettuce"));
        frames.put("NATS JetStream", s -> s.contains("io.nats"));
        long total = 0;
        long[] byThread = new long[threads.size()];
        long[] byFrame = new long[frames.size()];
        Map<String, Long> leaves = new java.util.HashMap<>();
        Map<String, Long> threadNames = new java.util.HashMap<>();
        for (String line : lines) {
            int space = line.lastIndexOf(' ');
            if (space < 0) {
                continue;
            }
            long samples = Long.parseLong(line.substring(space + 1).trim());
            String stack = line.substring(0, space).replace('/', '.');
            total += samples;
            int i = 0;
            for (Predicate<String> match : threads.values()) {
                if (match.test(stack)) {
                    byThread[i] += samples;
                    break;
                }
                i++;
            }
            i = 0;
            for (Predicate<String> match : frames.values()) {
                if (match.test(stack)) {
                    byFrame[i] += samples;
                }
                i++;
            }
            leaves.merge(stack.substring(stack.lastIndexOf(';') + 1), samples, Long::sum);
            if (stack.startsWith("[")) {
                threadNames.merge(stack.substring(1, stack.indexOf(']')).replaceAll(" tid=\\d+", "")
                        .replaceAll("\\d+", "N"), samples, Long::sum);
            }
        }
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "profile: %d CPU samples (1 ms each)%n", total));
        out.append("| by thread | share |\n| --- | --- |\n");
        long assigned = 0;
        int i = 0;
        for (String name : threads.keySet()) {
            out.append(String.format(Locale.ROOT, "| %s | %.1f %% |%n", name, 100.0 * byThread[i] / Math.max(1, total)));
            assigned += byThread[i++];
        }
        out.append(String.format(Locale.ROOT, "| other | %.1f %% |%n", 100.0 * (total - assigned) / Math.max(1, total)));
        out.append("| by frames on the stack | share |\n| --- | --- |\n");
        i = 0;
        for (String name : frames.keySet()) {
            out.append(String.format(Locale.ROOT, "| %s | %.1f %% |%n", name, 100.0 * byFrame[i++] / Math.max(1, total)));
        }
        final long all = Math.max(1, total);
        out.append("top threads (numbers folded):\n");
        threadNames.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(10)
                .forEach(e -> out.append(String.format(Locale.ROOT, "  %5.1f %%  %s%n", 100.0 * e.getValue() / all, e.getKey())));
        out.append("top self frames:\n");
        try (Stream<Map.Entry<String, Long>> top = leaves.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(12)) {
            top.forEach(e -> out.append(String.format(Locale.ROOT, "  %5.1f %%  %s%n", 100.0 * e.getValue() / all, e.getKey())));
        }
        return out.toString();
    }
}
