package io.ridewire.metrics;

/**
 * The CloudWatch custom metrics the bridge publishes and the CDK stack alarms on, named in one place so the two
 * cannot drift apart. Each carries one dimension, {@value #DIMENSION}, whose value is the deployment's name
 * ({@code RIDEWIRE_ENV}).
 */
public final class BridgeMetrics {
    public static final String NAMESPACE = "Ridewire";
    public static final String DIMENSION = "Env";
    /** Age in seconds of the oldest message the bridge's JetStream consumers have not yet delivered (maximum). */
    public static final String LAG_SECONDS = "BridgeLagSeconds";
    /** Messages waiting in the dead-letter stream (maximum). */
    public static final String DLQ_DEPTH = "DlqDepth";

    private BridgeMetrics() {
    }
}
