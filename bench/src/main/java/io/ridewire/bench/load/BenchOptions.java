package io.ridewire.bench.load;

import java.util.HashMap;
import java.util.Map;

/** Scenario options: {@code --name=value} or {@code --name value}, the same for every scenario. */
public final class BenchOptions {
    private BenchOptions() {
    }

    public static Map<String, String> parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("options read --name=value or --name value: " + arg);
            }
            if (arg.contains("=")) {
                options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            } else if (i + 1 < args.length) {
                options.put(arg.substring(2), args[++i]);
            } else {
                throw new IllegalArgumentException("option " + arg + " needs a value");
            }
        }
        return options;
    }
}
