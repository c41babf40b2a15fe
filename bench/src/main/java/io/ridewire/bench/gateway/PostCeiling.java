package io.ridewire.bench.gateway;

import io.ridewire.bench.Bench;
import io.ridewire.bench.load.BenchOptions;
import io.ridewire.bench.load.LoadClient;
import io.ridewire.bench.load.RunFolder;
import io.ridewire.bench.load.StackProcess;
import io.ridewire.bench.posts.PostLoad;
import io.ridewire.bench.posts.SdkPoster;
import io.ridewire.model.identity.Role;
import io.ridewire.local.DevTokens;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The ceiling of management-API posts, per HTTP client of the official SDK (Apache sync, Netty async, AWS CRT
 * async) side by side in one run: the stack in its own JVM, S open sockets, posts round-robin over them from this
 * JVM with N in flight for a measured phase after a warm-up, clients interleaved over rounds (a first round warms them all up and is
 * not recorded; the order rotates from round to round). CPU per post is this JVM's (the SDK
 * client, plus the sockets receiving) and the stack's (the emulator receiving the POST and writing the frame).
 */
public final class PostCeiling implements Bench.Scenario {

    @Override
    public String description() {
        return "posts/s and CPU per post through the SDK management client, Apache vs Netty vs CRT "
                + "[--clients apache,netty,crt(,crt-pool) --sockets 100 --in-flight 64 --seconds 8 --warmup-seconds 5 --rounds 3]";
    }

    @Override
    public void run(String[] args) throws Exception {
        Map<String, String> options = BenchOptions.parse(args);
        List<SdkPoster.Kind> kinds = Arrays.stream(options.getOrDefault("clients", "apache,netty,crt").split(","))
                .map(SdkPoster.Kind::parse).toList();
        int inFlight = Integer.parseInt(options.getOrDefault("in-flight", "64"));
        Duration measured = Duration.ofSeconds(Long.parseLong(options.getOrDefault("seconds", "8")));
        Duration warmup = Duration.ofSeconds(Long.parseLong(options.getOrDefault("warmup-seconds", "5")));
        int rounds = Integer.parseInt(options.getOrDefault("rounds", "3"));
        int sockets = Integer.parseInt(options.getOrDefault("sockets", "100"));
        try (StackProcess stack = StackProcess.start(options.getOrDefault("heap", "1g"),
                Map.of("RIDEWIRE_RATE_LIMIT_ENABLED", "false"), RunFolder.create("posts"));
             LoadClient client = new LoadClient(1)) {
            System.out.println("## gateway: post ceiling per SDK HTTP client");
            Map<SdkPoster.Kind, PostLoad.Result> medians = measure(stack, client, kinds, sockets, inFlight, warmup, measured,
                    rounds);
            SdkPoster.Kind best = medians.entrySet().stream()
                    .min(Comparator.comparingDouble(e -> e.getValue().totalCpuMicrosPerPost())).orElseThrow().getKey();
            System.out.printf(Locale.ROOT, "least CPU per post: %s%n", best.label);
        }
    }

    /** Medians per client over interleaved rounds, printing each round; the stack must have no other load. */
    public static Map<SdkPoster.Kind, PostLoad.Result> measure(StackProcess stack, LoadClient client,
                                                               List<SdkPoster.Kind> kinds, int sockets, int inFlight,
                                                               Duration warmup, Duration measured, int rounds)
            throws Exception {
        AtomicLong received = new AtomicLong();
        DevTokens tokens = new DevTokens(DevTokens.LOCAL_SECRET, Clock.systemUTC());
        List<String> ids = java.util.Collections.synchronizedList(new ArrayList<>());
        List<LoadClient.Conn> conns = new ArrayList<>();
        for (int i = 0; i < sockets; i++) {
            CompletableFuture<String> connectionId = new CompletableFuture<>();
            conns.add(client.connect(stack.webSocketUri(), tokens.mint(Role.PASSENGER,
                    "post-ceiling-" + ProcessHandle.current().pid() + "-" + i, null, Duration.ofHours(2)), (text, at) -> {
                        int mark = text.indexOf("\"connection_id\":\"");
                        if (mark >= 0 && !connectionId.isDone()) {
                            connectionId.complete(text.substring(mark + 17, text.indexOf('"', mark + 17)));
                        } else {
                            received.incrementAndGet();
                        }
                    }).get(30, TimeUnit.SECONDS));
            ids.add(connectionId.get(30, TimeUnit.SECONDS));
        }
        Map<SdkPoster.Kind, List<PostLoad.Result>> results = new EnumMap<>(SdkPoster.Kind.class);
        // round 0 warms every client and the code they share up, unrecorded; later rounds rotate who goes first
        for (int round = 0; round <= rounds; round++) {
            for (int k = 0; k < kinds.size(); k++) {
                SdkPoster.Kind kind = kinds.get((k + Math.max(0, round - 1)) % kinds.size());
                try (SdkPoster poster = SdkPoster.create(kind, stack.managementEndpoint(), inFlight)) {
                    received.set(0);
                    PostLoad.Result result = PostLoad.run(poster, ids, inFlight, warmup, measured, stack.pid());
                    if (round == 0) {
                        continue;
                    }
                    results.computeIfAbsent(kind, x -> new ArrayList<>()).add(result);
                    System.out.printf(Locale.ROOT, "round %d %-16s %8.0f posts/s  client %6.1f µs/post  stack %6.1f µs/post"
                                    + "  (%d failed, socket received %d incl. warm-up)%n", round, kind.label,
                            result.postsPerSecond(), result.clientCpuMicrosPerPost(), result.stackCpuMicrosPerPost(),
                            result.failed(), received.get());
                }
            }
        }
        conns.forEach(LoadClient.Conn::close);
        Map<SdkPoster.Kind, PostLoad.Result> medians = new EnumMap<>(SdkPoster.Kind.class);
        System.out.printf(Locale.ROOT, "%nmedians over %d rounds after a warm-up round, %d sockets, %d in flight, %d s "
                + "measured after %d s warm-up each:%n", rounds, sockets, inFlight, measured.toSeconds(), warmup.toSeconds());
        System.out.println("| client | posts/s | client CPU µs/post | stack CPU µs/post | total CPU µs/post |");
        System.out.println("| --- | --- | --- | --- | --- |");
        results.forEach((kind, list) -> {
            PostLoad.Result median = new PostLoad.Result(median(list, PostLoad.Result::postsPerSecond),
                    median(list, PostLoad.Result::clientCpuMicrosPerPost), median(list, PostLoad.Result::stackCpuMicrosPerPost),
                    list.stream().mapToLong(PostLoad.Result::failed).sum());
            medians.put(kind, median);
            System.out.printf(Locale.ROOT, "| %s | %.0f | %.1f | %.1f | %.1f |%n", kind.label, median.postsPerSecond(),
                    median.clientCpuMicrosPerPost(), median.stackCpuMicrosPerPost(), median.totalCpuMicrosPerPost());
        });
        return medians;
    }

    private static double median(List<PostLoad.Result> results, java.util.function.ToDoubleFunction<PostLoad.Result> field) {
        double[] values = results.stream().mapToDouble(field).sorted().toArray();
        return values.length % 2 == 1 ? values[values.length / 2]
                : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
    }
}
