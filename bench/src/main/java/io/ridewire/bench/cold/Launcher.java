package io.ridewire.bench.cold;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Launches {@link ColdLaunch} in a fresh JVM and reads back its timeline (and, when held, its JVM counters). */
final class Launcher {
    private final String classPath;
    private final List<String> baseFlags;
    private final Map<String, String> environment;
    private final Path work;
    private final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private final String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();

    Launcher(String classPath, List<String> baseFlags, Map<String, String> environment, Path work) {
        this.classPath = classPath;
        this.baseFlags = baseFlags;
        this.environment = environment;
        this.work = work;
    }

    /** Milliseconds from launch to each step of one run. */
    record Timeline(long constructed, long primed, long first, long second, Counters counters) {
        long firstAlone() {
            return first - primed;
        }

        long secondAlone() {
            return second - first;
        }
    }

    /** The JVM's own accounting of one run, up to just after the second request. */
    record Counters(long loadedClasses, long sharedClasses, long classLoadMillis, long linkMillis, long verifyMillis,
                    long initMillis, long jitMillis, long gcMillis, long cpuMillis, long wallMillis) {
    }

    Timeline launch(List<String> flags, String mode, boolean hold) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(List.of("-Xlog:disable", "-Xlog:all=error:stderr")); // first, so --jvm-flags can log more
        command.addAll(baseFlags);
        command.addAll(flags);
        command.addAll(List.of("-cp", classPath,
                ColdLaunch.class.getName(), mode, hold ? "hold" : "go"));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectError(work.resolve("launch-" + mode + ".err").toFile());
        builder.environment().putAll(environment);
        builder.environment().put("RIDEWIRE_LOG_LEVEL", "WARN");
        builder.environment().put("RIDEWIRE_LOG_FORMAT", "json"); // as RouteFunctions deploys every function
        // "connect" is an on-demand init (beans created as asked); "eager" and "prime" a SnapStart one (all up front)
        builder.environment().put("AWS_LAMBDA_INITIALIZATION_TYPE", mode.equals("connect") ? "on-demand" : "snap-start");
        long launched = System.currentTimeMillis();
        Process process = builder.start();
        Map<String, Long> stamps = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("COLD ")) {
                    stamps = parse(line);
                    break;
                }
            }
            Counters counters = null;
            if (stamps != null && hold) {
                counters = counters(process.pid(), stamps.get("second") - launched);
                process.getOutputStream().write('\n');
                process.getOutputStream().flush();
            }
            process.getOutputStream().close();
            process.waitFor();
            if (stamps == null || stamps.get("status") != 200) {
                throw new IOException("cold launch (" + String.join(" ", flags) + " " + mode + ") failed: exit "
                        + process.exitValue() + ", see " + work.resolve("launch-" + mode + ".err"));
            }
            return new Timeline(stamps.get("constructed") - launched, stamps.get("primed") - launched,
                    stamps.get("first") - launched, stamps.get("second") - launched, counters);
        } finally {
            process.destroyForcibly();
        }
    }

    private static Map<String, Long> parse(String line) {
        Map<String, Long> stamps = new HashMap<>();
        for (String field : line.substring("COLD ".length()).split(" ")) {
            String[] kv = field.split("=", 2);
            // both requests' statuses must be 200: keep the worse one
            stamps.put(kv[0], kv[0].equals("status")
                    ? (long) List.of(kv[1].split(",")).stream().mapToInt(Integer::parseInt).max().orElse(0)
                    : Long.parseLong(kv[1]));
        }
        return stamps;
    }

    private Counters counters(long pid, long wallMillis) throws IOException, InterruptedException {
        long cpu = cpuMillis(pid);
        Process jcmdRun = new ProcessBuilder(jcmd, Long.toString(pid), "PerfCounter.print").redirectErrorStream(true).start();
        Map<String, Long> values = new HashMap<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(jcmdRun.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    try {
                        values.put(line.substring(0, eq), Long.parseLong(line.substring(eq + 1).trim()));
                    } catch (NumberFormatException text) {
                        // string counters
                    }
                }
            }
        }
        jcmdRun.waitFor();
        double ticksPerMs = values.getOrDefault("sun.os.hrt.frequency", 1_000_000_000L) / 1000.0;
        long gcTicks = values.getOrDefault("sun.gc.collector.0.time", 0L) + values.getOrDefault("sun.gc.collector.1.time", 0L);
        return new Counters(values.getOrDefault("java.cls.loadedClasses", 0L),
                values.getOrDefault("java.cls.sharedLoadedClasses", 0L),
                ms(values, "sun.cls.time", ticksPerMs), ms(values, "sun.cls.classLinkedTime", ticksPerMs),
                ms(values, "sun.cls.classVerifyTime", ticksPerMs), ms(values, "sun.cls.classInitTime", ticksPerMs),
                ms(values, "sun.ci.totalTime", ticksPerMs), Math.round(gcTicks / ticksPerMs), cpu, wallMillis);
    }

    private static long ms(Map<String, Long> values, String name, double ticksPerMs) {
        return Math.round(values.getOrDefault(name, 0L) / ticksPerMs);
    }

    /** User + system CPU of a process so far, from /proc (Linux; 0 elsewhere). */
    private static long cpuMillis(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10; // 100 ticks per second
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
