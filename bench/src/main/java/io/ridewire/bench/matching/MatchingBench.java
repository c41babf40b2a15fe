package io.ridewire.bench.matching;

import io.ridewire.bench.load.BenchOptions;

import io.ridewire.bench.Bench;
import io.ridewire.functions.drivers.DriverIndex;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.ridewire.deployment.StreamCatalogue;
import io.ridewire.deployment.StreamSpec;
import io.ridewire.local.FreePorts;
import io.ridewire.bench.load.RunFolder;
import io.ridewire.local.LocalStack;

import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * {@code ./ridewire bench matching}: with 100,000 available drivers in the geo index, the nearest-driver search,
 * the {@code location.update} handler (latency, Redis and DynamoDB operations per update) and
 * {@code match.request} → {@code match.proposal} through the local stack. Runs against a private redis-server so
 * the command counts are this benchmark's alone.
 */
public final class MatchingBench implements Bench.Scenario {

    @Override
    public String description() {
        return "driver pool search, location.update handler, match.request → match.proposal (100k drivers)";
    }

    @Override
    public void run(String[] args) throws Exception {
        Map<String, String> options = BenchOptions.parse(args);
        int drivers = Integer.parseInt(options.getOrDefault("drivers", "100000"));
        int searches = Integer.parseInt(options.getOrDefault("searches", "20000"));
        int requests = Integer.parseInt(options.getOrDefault("requests", "300"));
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "100"));
        int warmupRounds = Integer.parseInt(options.getOrDefault("warmup-rounds", "40"));
        double warmupJit = Double.parseDouble(options.getOrDefault("warmup-jit", "0.15"));
        int updateDrivers = Integer.parseInt(options.getOrDefault("update-drivers", "1000"));
        int updatesPerDriver = Integer.parseInt(options.getOrDefault("updates-per-driver", "20"));
        long seed = Long.parseLong(options.getOrDefault("seed", "42"));

        String isolation = "bench" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        LocalStack stack = LocalStack.start(LocalStack.builder()
                .port(0)
                .isolation(isolation)
                .redisUri("redis://127.0.0.1:" + FreePorts.next()) // nothing listens: a private redis-server starts
                .natsUrl("nats://127.0.0.1:" + FreePorts.next()) // and a private nats-server
                // proposals outlive the run: expiries moving on to further drivers are not what is measured
                .property("ridewire.matching.proposal-timeout", "10m")
                .property("ridewire.matching.durable-proposals", options.getOrDefault("durable-proposals", "true"))
                .build());
        try {
            DriverIndex pool = stack.context().getBean(DriverIndex.class);
            long loadStart = System.nanoTime();
            DriverLoader.load(pool, "d-", drivers, seed);
            double loadSeconds = (System.nanoTime() - loadStart) / 1e9;

            Latencies typed = NearestDriverSearch.run(pool, "motorcycle", searches, 10, seed + 1);
            Latencies anyType = NearestDriverSearch.run(pool, null, searches, 10, seed + 2);
            LocationUpdateHandlerRun.Result location =
                    LocationUpdateHandlerRun.run(stack, "d-", updateDrivers, updatesPerDriver, seed + 3);
            RequestToProposal.Result matching = RequestToProposal.run(stack, requests, warmup, warmupRounds, warmupJit,
                    seed + 4,
                    Boolean.parseBoolean(options.getOrDefault("profile", "false")) ? RunFolder.create("matching") : null);

            System.out.printf(Locale.ROOT, "%n## Matching (issue 3)%n%n");
            System.out.printf(Locale.ROOT, "Command: `./ridewire bench matching%s` (%d drivers loaded in %.1f s through"
                    + " the pool's beacon script; private redis-server %s, NATS %s, DynamoDB Local in process).%n%n",
                    args.length == 0 ? "" : " " + String.join(" ", args), drivers, loadSeconds,
                    redisVersion(stack), "private nats-server");
            System.out.printf(Locale.ROOT, "| measurement | p50 | p90 | p99 | max | target |%n"
                    + "| --- | --- | --- | --- | --- | --- |%n");
            row("nearest 10 motorcycles within 5 km (GEOSEARCH, " + typed.count() + " searches)", typed, "p99 ≤ 2 ms");
            row("nearest 10 drivers of any type within 5 km (" + anyType.count() + " searches)", anyType, "p99 ≤ 2 ms");
            row("`location.update` handler, in process (" + location.latencies().count() + " updates)",
                    location.latencies(), "—");
            String mode = Boolean.parseBoolean(options.getOrDefault("durable-proposals", "true"))
                    ? "durable: stored, seq, re-sent until ack" : "pushed once";
            row("`match.request` → `match.proposal` to the passenger, WebSocket, " + mode + " ("
                    + matching.toPassenger().count() + " requests)", matching.toPassenger(), "p99 ≤ 30 ms");
            row("`match.request` → `match.proposal` pushed to the driver, WebSocket", matching.toDriver(), "p99 ≤ 30 ms");
            System.out.printf(Locale.ROOT, "%nDuring the measured requests the JIT compilers took %.0f %% of this "
                    + "JVM's CPU.%n", matching.jitShare() * 100);
            System.out.printf(Locale.ROOT, "%nPer measured `match.request`, DynamoDB calls in its route: %s; in both "
                    + "acks: %s; elsewhere meanwhile: %s. Redis commands, all told: %s.%n",
                    format(matching.dynamoPerRequest().get("match.request")),
                    format(matching.dynamoPerRequest().get("ack")), format(matching.dynamoPerRequest().get("elsewhere")),
                    format(matching.redisPerRequest()));
            System.out.printf(Locale.ROOT, "%nPer `location.update`: DynamoDB writes %.3f (target 0); DynamoDB calls %s; "
                    + "Redis commands %s (commands run inside a script are counted too).%n",
                    location.dynamoWritesPerUpdate(), format(location.dynamoPerUpdate()), format(location.redisPerUpdate()));
        } finally {
            stack.close();
        }
    }

    private static void row(String what, Latencies latencies, String target) {
        System.out.printf(Locale.ROOT, "| %s | %.3f ms | %.3f ms | %.3f ms | %.3f ms | %s |%n", what,
                latencies.percentileMillis(50), latencies.percentileMillis(90), latencies.percentileMillis(99),
                latencies.percentileMillis(100), target);
    }

    private static String format(Map<String, Double> perUpdate) {
        if (perUpdate.isEmpty()) {
            return "none";
        }
        StringBuilder text = new StringBuilder();
        perUpdate.forEach((name, count) -> text.append(text.isEmpty() ? "" : ", ")
                .append(String.format(Locale.ROOT, "%s %.2f", name, count)));
        return text.toString();
    }

    private static String redisVersion(LocalStack stack) {
        String info = stack.context().getBean(io.ridewire.functions.redis.RedisConnections.class).strings().orElseThrow()
                .sync().info("server");
        for (String line : info.split("\r?\n")) {
            if (line.startsWith("redis_version:")) {
                return line.substring("redis_version:".length());
            }
        }
        return "?";
    }
}
