package io.ridewire.bench.cold;

import io.ridewire.bench.Bench;
import io.ridewire.bench.load.BenchOptions;
import io.ridewire.bench.load.Profiler;
import io.ridewire.local.FreePorts;
import io.ridewire.local.LocalStack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * {@code ./ridewire bench cold}: a fresh JVM per run on the shaded Lambda jar, timed from launch to the
 * {@code $connect} handler constructed, the first {@code $connect} handled and the second, against a local stack
 * (DynamoDB Local, a private redis-server, NATS) in this process. Variants run round-robin so the machine's load
 * falls on all of them alike: the plain JVM and an AppCDS archive, each as an on-demand init (beans created when a
 * request asks for them) without and with the functions' class preload ({@code --write-preload-list true} rewrites
 * its list first; rebuild to ship it) and with every singleton created up front (a SnapStart init), a JDK AOT cache
 * trained by
 * a priming run (the nearest this JDK has to a SnapStart restore), and that cache with priming run in process before
 * the first request (what a restored snapshot's first request still pays).
 */
public final class ColdStartBench implements Bench.Scenario {
    /** What Lambda's Java runtime sets for a function of modest memory: serial GC, C1 only. */
    static final List<String> LAMBDA_FLAGS = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    /** The function's class preload (functions.jvm.ClassPreload), on in Lambda, set per variant here. */
    static final String PRELOAD = "-Dridewire.preload=true";
    static final String NO_PRELOAD = "-Dridewire.preload=false";
    /** Where the functions module keeps the preload list (its resource META-INF/ridewire/preload-classes.txt). */
    static final String PRELOAD_LIST = "functions/src/main/resources/META-INF/ridewire/preload-classes.txt";

    @Override
    public String description() {
        return "cold start of the Lambda jar: launch → handler → first $connect (plain and CDS, each without and with the"
                + " class preload; AOT cache; primed) [--runs 5 --profile true --cpu-profile false --jvm-flags \"...\" --write-preload-list false]";
    }

    @Override
    public void run(String[] args) throws Exception {
        Map<String, String> options = BenchOptions.parse(args);
        int runs = Integer.parseInt(options.getOrDefault("runs", "5"));
        List<String> base = options.containsKey("jvm-flags")
                ? List.of(options.get("jvm-flags").trim().split("\\s+")) : LAMBDA_FLAGS;
        Path root = Path.of(System.getProperty("ridewire.root", ".")).toAbsolutePath();
        Path lambdaJar = root.resolve("functions/target/functions-0.1.0-SNAPSHOT-lambda.jar");
        Path benchJar = root.resolve("bench/target/bench-0.1.0-SNAPSHOT.jar");
        Path work = Files.createDirectories(root.resolve("bench/target/cold"));
        String classPath = lambdaJar + java.io.File.pathSeparator + benchJar;

        LocalStack stack = LocalStack.start(LocalStack.builder()
                .port(0)
                .isolation("cold" + UUID.randomUUID().toString().replace("-", "").substring(0, 8))
                .redisUri("redis://127.0.0.1:" + FreePorts.next()) // nothing listens: a private redis-server starts
                .natsUrl("nats://127.0.0.1:" + FreePorts.next()) // and a private nats-server
                .build());
        try {
            Launcher launcher = new Launcher(classPath, base, stack.environmentForProcesses(), work);
            Path cds = work.resolve("connect.jsa");
            Path cdsEager = work.resolve("eager.jsa");
            Path aot = work.resolve("connect.aot");
            Files.deleteIfExists(cds);
            Files.deleteIfExists(cdsEager);
            Files.deleteIfExists(aot);
            System.err.println("cold: training the CDS archive and the AOT cache");
            if (Boolean.parseBoolean(options.getOrDefault("write-preload-list", "false"))) {
                writePreloadList(launcher, work, root);
            }
            launcher.launch(List.of(NO_PRELOAD, "-XX:ArchiveClassesAtExit=" + cds), "connect", false);
            launcher.launch(List.of(NO_PRELOAD, "-XX:ArchiveClassesAtExit=" + cdsEager), "eager", false);
            launcher.launch(List.of(NO_PRELOAD, "-XX:AOTCacheOutput=" + aot), "prime", false);

            // the preload is on in Lambda; off, each variant is what it was before the preload existed
            Map<String, Variant> variants = new LinkedHashMap<>();
            variants.put("plain", new Variant("plain JVM", List.of(NO_PRELOAD), "connect"));
            variants.put("plain+preload", new Variant("plain JVM + class preload (as in Lambda)", List.of(PRELOAD),
                    "connect"));
            variants.put("plain-eager", new Variant("plain JVM, every singleton up front (Micronaut's Lambda default;"
                    + " a SnapStart init)", List.of(NO_PRELOAD), "eager"));
            variants.put("cds", new Variant("AppCDS archive (`-XX:SharedArchiveFile`, dumped by a run of the same two"
                    + " requests)", List.of(NO_PRELOAD, "-XX:SharedArchiveFile=" + cds), "connect"));
            variants.put("cds+preload", new Variant("AppCDS archive + class preload", List.of(PRELOAD,
                    "-XX:SharedArchiveFile=" + cds), "connect"));
            variants.put("cds-eager", new Variant("AppCDS archive, every singleton up front (its own archive)",
                    List.of(NO_PRELOAD, "-XX:SharedArchiveFile=" + cdsEager), "eager"));
            variants.put("aot", new Variant("JDK AOT cache (`-XX:AOTCache`, trained by a run that primed every route)",
                    List.of(NO_PRELOAD, "-XX:AOTCache=" + aot), "connect"));
            variants.put("primed", new Variant("AOT cache + priming in process before the first request",
                    List.of(NO_PRELOAD, "-XX:AOTCache=" + aot), "prime"));
            Map<String, List<Launcher.Timeline>> results = new LinkedHashMap<>();
            variants.keySet().forEach(name -> results.put(name, new ArrayList<>()));
            for (int i = 0; i < runs; i++) {
                for (Map.Entry<String, Variant> variant : variants.entrySet()) {
                    results.get(variant.getKey()).add(
                            launcher.launch(variant.getValue().flags(), variant.getValue().mode(), false));
                }
            }
            Map<String, Launcher.Counters> profiles = new LinkedHashMap<>();
            Path agent = Boolean.parseBoolean(options.getOrDefault("cpu-profile", "false")) ? Profiler.library(work) : null;
            if (Boolean.parseBoolean(options.getOrDefault("profile", "true"))) {
                for (Map.Entry<String, Variant> variant : variants.entrySet()) {
                    List<String> flags = new ArrayList<>(variant.getValue().flags());
                    if (agent != null) {
                        Files.deleteIfExists(cpuProfile(work, variant.getKey()));
                        flags.add("-agentpath:" + agent + "=start,event=cpu,interval=1ms,collapsed,file="
                                + cpuProfile(work, variant.getKey()));
                    }
                    profiles.put(variant.getKey(), launcher.launch(flags, variant.getValue().mode(), true).counters());
                }
            }
            report(args, base, runs, variants, results, profiles);
            if (agent != null && !profiles.isEmpty()) {
                for (String name : variants.keySet()) {
                    System.out.printf(Locale.ROOT, "%n### CPU profile: %s (`%s`)%n%n%s", name, cpuProfile(work, name),
                            StartupProfile.summary(Files.readAllLines(cpuProfile(work, name))));
                }
            }
        } finally {
            stack.close();
        }
    }

    private static Path cpuProfile(Path work, String variant) {
        return work.resolve("cpu-" + variant + ".collapsed");
    }

    record Variant(String description, List<String> flags, String mode) {
    }

    /**
     * Writes the functions' preload list: the classes a primed run of the Lambda jar loads from the jar or the JDK's
     * modules, in the order it loads them (classes from the JDK's default CDS archive are cheap already; hidden
     * classes cannot be named; the launcher class is the bench's).
     */
    private static void writePreloadList(Launcher launcher, Path work, Path root) throws IOException, InterruptedException {
        Path log = work.resolve("preload-class-load.log");
        Files.deleteIfExists(log);
        launcher.launch(List.of(NO_PRELOAD, "-Xlog:class+load=info:file=" + log), "prime", false);
        List<String> names = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            // [0.127s][info][class,load] NAME source: SOURCE
            String[] parts = line.substring(line.lastIndexOf("] ") + 2).split(" source: ", 2);
            boolean fromJarOrJdk = parts.length == 2
                    && (parts[1].startsWith("jrt:/") || parts[1].contains("-lambda.jar"));
            if (fromJarOrJdk && !parts[0].contains("$$Lambda") && !parts[0].contains("/0x")) {
                names.add(parts[0]);
            }
        }
        Path list = root.resolve(PRELOAD_LIST);
        Files.writeString(list, "# written by ./ridewire bench cold --write-preload-list true (see ClassPreload)\n"
                + String.join("\n", names) + "\n");
        System.err.printf(Locale.ROOT, "cold: wrote %d class names to %s%n", names.size(), list);
    }

    private static void report(String[] args, List<String> base, int runs, Map<String, Variant> variants,
                               Map<String, List<Launcher.Timeline>> results, Map<String, Launcher.Counters> profiles)
            throws IOException, InterruptedException {
        System.out.printf(Locale.ROOT, "%n## Cold start (issue 16)%n%n");
        System.out.printf(Locale.ROOT, "Command: `./ridewire bench cold%s` — JDK %s, base flags `%s`, medians of %d"
                        + " fresh JVMs per variant, run round-robin; load average before: %s%n%n",
                args.length == 0 ? "" : " " + String.join(" ", args), Runtime.version(), String.join(" ", base), runs,
                loadAverage());
        System.out.printf(Locale.ROOT, "| variant | launch → handler constructed | → primed | → first `$connect` done"
                + " | first `$connect` alone | second `$connect` | launch → first `$connect` (each run) |%n");
        System.out.printf(Locale.ROOT, "| --- | --- | --- | --- | --- | --- | --- |%n");
        for (Map.Entry<String, List<Launcher.Timeline>> entry : results.entrySet()) {
            List<Launcher.Timeline> timelines = entry.getValue();
            System.out.printf(Locale.ROOT, "| %s | %d ms | %s | **%d ms** | %d ms | %d ms | %s |%n",
                    variants.get(entry.getKey()).description(),
                    median(timelines, Launcher.Timeline::constructed),
                    variants.get(entry.getKey()).mode().equals("prime")
                            ? median(timelines, Launcher.Timeline::primed) + " ms" : "—",
                    median(timelines, Launcher.Timeline::first),
                    median(timelines, Launcher.Timeline::firstAlone),
                    median(timelines, Launcher.Timeline::secondAlone),
                    String.join(", ", timelines.stream().map(t -> Long.toString(t.first())).toList()));
        }
        if (!profiles.isEmpty()) {
            System.out.printf(Locale.ROOT, "%nWhere the time goes (one more run per variant; JVM counters read with"
                    + " `jcmd PerfCounter.print` after the second request):%n%n");
            System.out.printf(Locale.ROOT, "| variant | classes loaded (from CDS/AOT) | class load time | of which"
                    + " link / verify / init | JIT time | GC time | process CPU / wall to 2nd |%n");
            System.out.printf(Locale.ROOT, "| --- | --- | --- | --- | --- | --- | --- |%n");
            profiles.forEach((name, c) -> System.out.printf(Locale.ROOT,
                    "| %s | %,d (%,d) | %d ms | %d / %d / %d ms | %d ms | %d ms | %d / %d ms |%n", name,
                    c.loadedClasses(), c.sharedClasses(), c.classLoadMillis(), c.linkMillis(), c.verifyMillis(),
                    c.initMillis(), c.jitMillis(), c.gcMillis(), c.cpuMillis(), c.wallMillis()));
        }
    }

    private static long median(List<Launcher.Timeline> timelines, java.util.function.ToLongFunction<Launcher.Timeline> f) {
        long[] values = timelines.stream().mapToLong(f).sorted().toArray();
        return values[values.length / 2];
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "?";
        }
    }
}
