package io.ridewire.deployment;

/**
 * The CloudWatch custom metrics the CDK stack alarms on and the bridge is to publish (PutMetricData, once a minute;
 * its task role may write this namespace only), named in one place so the two cannot drift apart. Each carries one
 * dimension, {@value #DIMENSION}, whose value is the deployment's name ({@code RIDEWIRE_ENV}). They mirror the
 * bridge's Prometheus gauges {@code ridewire_bridge_consumer_lag} (largest over its routes) and
 * {@code ridewire_bridge_dlq_depth}.
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

    private BridgeAlarmMetrics() {
    }
}
