package io.ridewire.deployment;

/**
 * The CloudWatch custom metrics the CDK stack alarms on and the bridge is to publish (PutMetricData, once a minute;
 * its task role may write this namespace only), named in one place so the two cannot drift apart. Each carries one
 * dimension, {@value #DIMENSION}, whose value is the deployment's name ({@code RIDEWIRE_ENV}). They mirror the
 * bridge's Prometheus gauges {@code ridewire_bridge_consumer_lag} (largest over its routes),
 * {@code ridewire_bridge_dlq_depth} and {@code ridewire_bridge_deadlines_failing}, and the deadline lag of
 * {@code /health}.
 */
public final class BridgeAlarmMetrics {
    public static final String NAMESPACE = "Ridewire";
    public static final String DIMENSION = "Env";
    /** Messages waiting for the bridge's JetStream consumers, largest over its routes (statistic: Maximum). */
    public static final String CONSUMER_LAG = "BridgeConsumerLag";
    /** Messages on the dead-letter stream (statistic: Maximum). */
    public static final String DLQ_DEPTH = "DlqDepth";
    /** 1 while the bridge consumes, 0 while it runs degraded (NATS unreachable or not configured yet); Minimum. */
    public static final String READY = "BridgeReady";
    /** Seconds the most overdue deadline or outbox entry is late: its poller is stuck or gone (statistic: Maximum). */
    public static final String DEADLINE_LAG = "DeadlineLagSeconds";
    /** Deadlines whose handler failed at their last firing, retried with backoff (statistic: Minimum). */
    public static final String DEADLINES_FAILING = "DeadlinesFailing";

    private BridgeAlarmMetrics() {
    }
}
