package io.ridewire.bridge.ops;

import io.ridewire.deployment.BridgeAlarmMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Publishes the gauges the CDK stack alarms on — readiness, the largest consumer lag, the DLQ depth, the deadline lag
 * and the failing deadlines, read from the {@link BridgeMetrics} meters that {@code /metrics} prints — to CloudWatch
 * once a minute, under the names of {@link BridgeAlarmMetrics}. Only in AWS ({@code RIDEWIRE_ENV} set).
 */
public final class CloudWatchMetrics implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CloudWatchMetrics.class);

    private final CloudWatchClient cloudWatch;
    private final BridgeMetrics metrics;
    private final String env;
    private final Periodic loop;

    public CloudWatchMetrics(CloudWatchClient cloudWatch, BridgeMetrics metrics, String env, Duration period) {
        this.cloudWatch = cloudWatch;
        this.metrics = metrics;
        this.env = env;
        // a failed publish waits for the next period too: CloudWatch is not retried in a tight loop
        this.loop = Periodic.start("cloudwatch-metrics", this::publishOnce, period, period,
                e -> LOG.warn("could not publish bridge metrics: {}", e.toString()));
    }

    void publishOnce() {
        Dimension dimension = Dimension.builder().name(BridgeAlarmMetrics.DIMENSION).value(env).build();
        Instant now = Instant.now();
        boolean ready = metrics.gauge(BridgeMetrics.READY) == 1.0;
        List<MetricDatum> data = new ArrayList<>();
        data.add(datum(BridgeAlarmMetrics.READY, dimension, now, ready ? 1.0 : 0.0, StandardUnit.COUNT));
        // the deadlines are read from DynamoDB (NaN when it could not be read): they need no NATS
        double deadlineLag = metrics.gauge(BridgeMetrics.DEADLINE_LAG);
        double failing = metrics.gauge(BridgeMetrics.DEADLINES_FAILING);
        if (!Double.isNaN(deadlineLag)) {
            data.add(datum(BridgeAlarmMetrics.DEADLINE_LAG, dimension, now, deadlineLag, StandardUnit.SECONDS));
        }
        if (!Double.isNaN(failing)) {
            data.add(datum(BridgeAlarmMetrics.DEADLINES_FAILING, dimension, now, failing, StandardUnit.COUNT));
        }
        if (ready) {
            // lag and dead letters need NATS: while it is unreachable readiness says what is wrong
            metrics.refreshLag();
            data.add(datum(BridgeAlarmMetrics.CONSUMER_LAG, dimension, now, Math.max(metrics.maxLag(), 0),
                    StandardUnit.COUNT));
            data.add(datum(BridgeAlarmMetrics.DLQ_DEPTH, dimension, now,
                    Math.max(metrics.gauge(BridgeMetrics.DLQ_DEPTH), 0), StandardUnit.COUNT));
        }
        cloudWatch.putMetricData(b -> b.namespace(BridgeAlarmMetrics.NAMESPACE).metricData(data));
    }

    private static MetricDatum datum(String name, Dimension dimension, Instant now, double value, StandardUnit unit) {
        return MetricDatum.builder().metricName(name).dimensions(dimension).timestamp(now).unit(unit).value(value)
                .build();
    }

    @Override
    public void close() {
        loop.close();
        cloudWatch.close();
    }
}
