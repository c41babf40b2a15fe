package io.ridewire.bridge.ops;

import jakarta.inject.Singleton;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The bridge's meters, in one Micrometer registry: the counters the relay moves, and gauges for consumer lag (per
 * subject), DLQ depth and readiness. {@code /metrics} prints this registry as Prometheus text and the CloudWatch
 * publisher reads its gauges, so both show the same numbers.
 */
@Singleton
public final class BridgeMetrics {
    public static final String LAG = "ridewire.bridge.consumer.lag";
    public static final String DLQ_DEPTH = "ridewire.bridge.dlq.depth";
    public static final String READY = "ridewire.bridge.ready";
    public static final String DEADLINES_FAILING = "ridewire.bridge.deadlines.failing";
    public static final String DEADLINE_LAG = "ridewire.bridge.deadlines.lag_seconds";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final MultiGauge lag = MultiGauge.builder(LAG).description("messages waiting per route").register(registry);
    private Supplier<Map<String, Long>> lagSource = Map::of;

    public final Counter messages = counter("messages", "messages taken from JetStream");
    public final Counter deliveries = counter("deliveries", "posts that reached a connection");
    public final Counter gone = counter("gone", "recipients found gone (410)");
    public final Counter failures = counter("failures", "posts that failed transiently");
    public final Counter deduplicated = counter("deduplicated", "redelivered pairs dropped");
    public final Counter retried = counter("retries", "messages scheduled for another try");
    public final Counter deadLettered = counter("dead_lettered", "messages parked on the DLQ");
    public final Counter ignoredOwn = counter("ignored_own", "messages this deployment published itself, skipped");
    public final Counter deadlinesUnknownKind = counter("deadlines.unknown_kind",
            "deadline entries given back because no handler here serves their kind");
    public final Counter unledgered = counter("unledgered",
            "relay attempts that posted without the delivery ledger (Redis unreachable)");
    public final Counter deadlineFailures = counter("deadlines.failures", "deadline firings whose handler failed");

    private Counter counter(String name, String help) {
        return Counter.builder("ridewire.bridge." + name).description(help).register(registry);
    }

    /** Binds the gauges to their sources: lag per subject and DLQ depth are read from NATS when refreshed or scraped. */
    public void bind(Supplier<Map<String, Long>> lagPerSubject, LongSupplier deadLetterDepth) {
        this.lagSource = lagPerSubject;
        Gauge.builder(DLQ_DEPTH, deadLetterDepth, s -> (double) s.getAsLong()).strongReference(true)
                .description("messages on the dead-letter stream").register(registry);
    }

    /** Deadlines failing now (their last firing failed), read from the store when scraped. */
    public void bindFailingDeadlines(LongSupplier failing) {
        Gauge.builder(DEADLINES_FAILING, failing, f -> (double) f.getAsLong()).strongReference(true)
                .description("deadline entries whose handler failed at their last firing").register(registry);
    }

    /** How late the most overdue deadline or outbox entry is, in seconds, read from the store when scraped. */
    public void bindDeadlineLag(Supplier<Duration> lag) {
        Gauge.builder(DEADLINE_LAG, lag, l -> l.get().toMillis() / 1000.0).strongReference(true)
                .description("seconds the most overdue deadline or outbox entry is late").register(registry);
    }

    /** Readiness as a gauge: 1 while consuming, 0 while degraded. */
    public void bindReadiness(BooleanSupplier ready) {
        Gauge.builder(READY, ready, r -> r.getAsBoolean() ? 1.0 : 0.0).strongReference(true)
                .description("1 while the bridge consumes, 0 while degraded").register(registry);
    }

    /** Reads the lag of every consumer once (one NATS call each) into the per-subject gauges. */
    public void refreshLag() {
        lag.register(lagSource.get().entrySet().stream()
                .map(e -> MultiGauge.Row.of(Tags.of("subject", e.getKey()), e.getValue()))
                .toList(), true);
    }

    /** The Prometheus text exposition, lag read fresh. */
    public String scrape() {
        refreshLag();
        return registry.scrape();
    }

    /** The largest lag over the routes as last refreshed, 0 without any. */
    public double maxLag() {
        return registry.find(LAG).gauges().stream().mapToDouble(Gauge::value).max().orElse(0);
    }

    public double gauge(String name) {
        Gauge gauge = registry.find(name).gauge();
        return gauge == null ? Double.NaN : gauge.value();
    }
}
