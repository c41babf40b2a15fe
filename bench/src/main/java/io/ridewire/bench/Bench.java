package io.ridewire.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Benchmarks, one scenario per capability: {@code ./ridewire bench SCENARIO [options]}. Each prints its figures
 * and the command that produced them, for docs/benchmarks.md.
 */
public final class Bench {

    /** A benchmark scenario. */
    public interface Scenario {
        String description();

        void run(String[] args) throws Exception;
    }

    private static final Map<String, Scenario> SCENARIOS = new LinkedHashMap<>();

    static {
        // capability scenarios register here, one line each
        SCENARIOS.put("gateway", new io.ridewire.bench.gateway.ConnectionsAndPing());
        SCENARIOS.put("bridge", new io.ridewire.bench.bridge.BridgeBench());
        SCENARIOS.put("posts", new io.ridewire.bench.gateway.PostCeiling());
        SCENARIOS.put("orders", new io.ridewire.bench.orders.OrderFanOut());
        SCENARIOS.put("matching", new io.ridewire.bench.matching.MatchingBench());
        SCENARIOS.put("rides", new io.ridewire.bench.rides.RidesBench());
        SCENARIOS.put("cold", new io.ridewire.bench.cold.ColdStartBench());
    }

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || !SCENARIOS.containsKey(args[0])) {
            System.err.println("usage: ./ridewire bench SCENARIO [options]");
            SCENARIOS.forEach((name, scenario) -> System.err.printf("  %-16s %s%n", name, scenario.description()));
            System.exit(args.length == 0 ? 0 : 2);
        }
        SCENARIOS.get(args[0]).run(Arrays.copyOfRange(args, 1, args.length));
    }
}
