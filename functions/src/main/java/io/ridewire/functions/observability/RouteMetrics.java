package io.ridewire.functions.observability;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The functions' metrics, through Micrometer (Micronaut's registry; static hooks such as {@link PushLog} count into
 * the registry of the process's context): per-route latency by outcome, rate-limited messages, pushes by outcome,
 * delivery lag. In AWS ({@code RIDEWIRE_METRICS_ENV} set) the same also go out as CloudWatch Embedded Metric Format
 * lines — one per handled message, one per push outcome — which CloudWatch turns into metrics in the
 * {@code Ridewire} namespace without a call. This class is the one owner of that format.
 */
@Singleton
public class RouteMetrics {
    /** Timer: a route's handling time; tags {@code route}, {@code outcome} (ok, invalid, rate_limited, error). */
    public static final String LATENCY = "ridewire.route.latency";
    /** Counter: messages refused by the rate limit; tag {@code route}. */
    public static final String RATE_LIMITED = "ridewire.rate_limited";
    /** Counter: frames posted to connections; tag {@code outcome} (delivered, gone, failed). */
    public static final String PUSHES = "ridewire.push";
    /** Timer: from the message's arrival at the gateway to the end of its handling (pushes included). */
    public static final String DELIVERY_LAG = "ridewire.delivery.lag";
    static final String NAMESPACE = "Ridewire";
    /** The EMF dimension holding the environment, as the dashboard's searches and the bridge's metrics name it. */
    static final String ENV = "Env";

    /** The metrics of the process's (last started) context, for the static hooks. */
    private static volatile RouteMetrics current;

    private final MeterRegistry registry;
    private final String env;
    private final PrintStream out;

    @Inject
    public RouteMetrics(MeterRegistry registry, @Nullable @Value("${ridewire.metrics.env:}") String env) {
        this(registry, env, System.out);
    }

    /** With the stream EMF lines go to (Lambda sends stdout to CloudWatch Logs, which extracts them). */
    RouteMetrics(MeterRegistry registry, @Nullable String env, PrintStream out) {
        this.registry = registry;
        this.env = env == null || env.isBlank() ? null : env;
        this.out = out;
        current = this;
    }

    /** One handled message. */
    public void handled(String route, String outcome, Duration took, @Nullable Instant receivedAt, Instant now) {
        Timer.builder(LATENCY).tag("route", route).tag("outcome", outcome).register(registry).record(took);
        boolean limited = "rate_limited".equals(outcome);
        if (limited) {
            registry.counter(RATE_LIMITED, "route", route).increment();
        }
        Duration lag = receivedAt == null ? null : Duration.between(receivedAt, now);
        if (lag != null && !lag.isNegative()) {
            Timer.builder(DELIVERY_LAG).tag("route", route).register(registry).record(lag);
        } else {
            lag = null;
        }
        if (env != null) {
            out.println(emf(route, outcome, took, lag, limited, now));
        }
    }

    /** Counts pushes by outcome (static: the push path has no bean of its own here). */
    static void pushed(int delivered, int gone, int failed) {
        RouteMetrics to = current;
        if (to != null) {
            to.pushes(delivered, gone, failed, Instant.now());
        }
    }

    void pushes(int delivered, int gone, int failed, Instant now) {
        Map<String, Integer> byOutcome = new LinkedHashMap<>();
        byOutcome.put("delivered", delivered);
        byOutcome.put("gone", gone);
        byOutcome.put("failed", failed);
        byOutcome.forEach((outcome, count) -> {
            registry.counter(PUSHES, "outcome", outcome).increment(count);
            // a zero is left out: the dashboard sums what is there, and every line costs log ingestion
            if (env != null && count > 0) {
                out.println(pushEmf(outcome, count, now));
            }
        });
    }

    /**
     * The line of one handled message: latency by {@code Env, route} and {@code Env, route, outcome}; delivery lag
     * by {@code Env, route}; a refused message also counts 1 in rate-limited by {@code Env, route}. Milliseconds.
     */
    String emf(String route, String outcome, Duration took, @Nullable Duration lag, boolean limited, Instant now) {
        List<String> directives = new ArrayList<>();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put(ENV, env);
        fields.put("route", route);
        fields.put("outcome", outcome);
        directives.add(directive(List.of(List.of(ENV, "route"), List.of(ENV, "route", "outcome")),
                LATENCY, "Milliseconds"));
        fields.put(LATENCY, millis(took));
        if (lag != null) {
            directives.add(directive(List.of(List.of(ENV, "route")), DELIVERY_LAG, "Milliseconds"));
            fields.put(DELIVERY_LAG, millis(lag));
        }
        if (limited) {
            directives.add(directive(List.of(List.of(ENV, "route")), RATE_LIMITED, "Count"));
            fields.put(RATE_LIMITED, 1);
        }
        return document(now, directives, fields);
    }

    /** The line of one push outcome: pushes by {@code Env, outcome}, the dashboard's "Pushes by outcome". */
    String pushEmf(String outcome, int count, Instant now) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put(ENV, env);
        fields.put("outcome", outcome);
        fields.put(PUSHES, count);
        return document(now, List.of(directive(List.of(List.of(ENV, "outcome")), PUSHES, "Count")), fields);
    }

    private static String directive(List<List<String>> dimensionSets, String metric, String unit) {
        String dimensions = dimensionSets.stream()
                .map(set -> set.stream().map(RouteMetrics::quoted).collect(Collectors.joining(",", "[", "]")))
                .collect(Collectors.joining(",", "[", "]"));
        return "{\"Namespace\":\"" + NAMESPACE + "\",\"Dimensions\":" + dimensions + ",\"Metrics\":[{\"Name\":"
                + quoted(metric) + ",\"Unit\":\"" + unit + "\"}]}";
    }

    private static String document(Instant now, List<String> directives, Map<String, Object> fields) {
        StringBuilder line = new StringBuilder("{\"_aws\":{\"Timestamp\":").append(now.toEpochMilli())
                .append(",\"CloudWatchMetrics\":[").append(String.join(",", directives)).append("]}");
        fields.forEach((name, value) -> line.append(',').append(quoted(name)).append(':')
                .append(value instanceof String text ? quoted(text)
                        : value instanceof BigDecimal number ? number.toPlainString() : value.toString()));
        return line.append('}').toString();
    }

    private static BigDecimal millis(Duration duration) {
        return BigDecimal.valueOf(duration.toNanos()).movePointLeft(6).setScale(3, RoundingMode.HALF_UP);
    }

    private static String quoted(String value) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(value)) + "\"";
    }
}
