package io.ridewire.bench.load;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import io.ridewire.functions.gateway.GatewayEvents;
import io.ridewire.model.identity.Caller;
import io.ridewire.model.identity.Role;

import java.util.Map;
import java.util.TreeMap;

/** For benchmarks that invoke a handler as Lambda does and count the Redis commands it costs. */
public final class HandlerRuns {
    private HandlerRuns() {
    }

    /** A {@code location.update} message event from a driver, as the gateway hands it to the handler. */
    public static APIGatewayV2WebSocketEvent locationUpdate(String driverId, String body) {
        return GatewayEvents.message("bench-" + driverId, new Caller(driverId, Role.DRIVER, null), "location.update",
                body);
    }

    /** Calls per Redis command from {@code INFO commandstats}. */
    public static Map<String, Long> commandStats(String info) {
        Map<String, Long> calls = new TreeMap<>();
        for (String line : info.split("\r?\n")) {
            if (line.startsWith("cmdstat_")) {
                String name = line.substring("cmdstat_".length(), line.indexOf(':'));
                int at = line.indexOf("calls=") + "calls=".length();
                calls.put(name, Long.parseLong(line.substring(at, line.indexOf(',', at))));
            }
        }
        return calls;
    }

    /** What each of {@code runs} cost on average, from counts taken before and after them (nothing for zero). */
    public static Map<String, Double> perRun(Map<String, Long> before, Map<String, Long> after, int runs) {
        Map<String, Double> per = new TreeMap<>();
        after.forEach((name, count) -> {
            long delta = count - before.getOrDefault(name, 0L);
            if (delta > 0) {
                per.put(name, delta / (double) runs);
            }
        });
        return per;
    }
}
