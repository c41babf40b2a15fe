package io.ridewire.functions.observability;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * The functions' metrics, through Micrometer (Micronaut's registry; static hooks such as {@link PushLog} count into
 * the registry of the process's context): per-route latency by outcome, rate-limited messages, pushes by outcome. In AWS ({@code RIDEWIRE_METRICS_ENV} set) every invocation also prints one CloudWatch
 * Embedded Metric Format line, which CloudWatch turns into metrics in the {@code Ridewire} namespace without a call.
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

    /** The registry of the process's (last started) context, for the static hooks. */
    private static volatile MeterRegistry current;

    private final MeterRegistry registry;
    private final String env;

    public RouteMetrics(MeterRegistry registry, @Nullable @Value("${ridewire.metrics.env:}") String env) {
        this.registry = registry;
        this.env = env == null || env.isBlank() ? null : env;
        current = registry;
    }

    /** One handled message. */
    public void handled(String route, String outcome, Duration took, @Nullable Instant receivedAt, Instant now) {
        Timer.builder(LATENCY).tag("route", route).tag("outcome", outcome).register(registry).record(took);
        if ("rate_limited".equals(outcome)) {
            registry.counter(RATE_LIMITED, "route", route).increment();
        }
        Duration lag = receivedAt == null ? null : Duration.between(receivedAt, now);
        if (lag != null && !lag.isNegative()) {
            Timer.builder(DELIVERY_LAG).tag("route", route).register(registry).record(lag);
        }
        if (env != null) {
            System.out.println(emf(route, outcome, took, lag, now));
        }
    }

    /** Counts pushes by outcome (static: the push path has no bean of its own here). */
    static void pushed(int delivered, int gone, int failed) {
        MeterRegistry to = current;
        if (to == null) {
            return;
        }
        to.counter(PUSHES, "outcome", "delivered").increment(delivered);
        to.counter(PUSHES, "outcome", "gone").increment(gone);
        to.counter(PUSHES, "outcome", "failed").increment(failed);
    }

    /** The EMF line: dimensions {@code Env, route} and {@code Env, route, outcome}; values in milliseconds. */
    String emf(String route, String outcome, Duration took, @Nullable Duration lag, Instant now) {
        String metrics = "{\"Name\":\"" + LATENCY + "\",\"Unit\":\"Milliseconds\"}"
                + (lag == null ? "" : ",{\"Name\":\"" + DELIVERY_LAG + "\",\"Unit\":\"Milliseconds\"}");
        return "{\"_aws\":{\"Timestamp\":" + now.toEpochMilli() + ",\"CloudWatchMetrics\":[{\"Namespace\":\""
                + NAMESPACE + "\",\"Dimensions\":[[\"Env\",\"route\"],[\"Env\",\"route\",\"outcome\"]],\"Metrics\":["
                + metrics + "]}]},\"Env\":\"" + json(env) + "\",\"route\":\"" + json(route) + "\",\"outcome\":\""
                + outcome + "\",\"" + LATENCY + "\":" + millis(took)
                + (lag == null ? "" : ",\"" + DELIVERY_LAG + "\":" + millis(lag)) + "}";
    }

    private static String millis(Duration duration) {
        return String.format(Locale.ROOT, "%.3f", duration.toNanos() / 1e6);
    }

    private static String json(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
