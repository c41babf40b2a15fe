package io.ridewire.bridge.ops;

import io.ridewire.bridge.Bridge;
import io.ridewire.metrics.BridgeAlarmMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Publishes the gauges the CDK stack alarms on — readiness, the largest consumer lag and the DLQ depth — to CloudWatch
 * once a minute, under the names of {@link BridgeAlarmMetrics}. Only in AWS ({@code RIDEWIRE_ENV} set).
 */
public final class CloudWatchMetrics implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CloudWatchMetrics.class);

    private final CloudWatchClient cloudWatch;
    private final Bridge bridge;
    private final Startup startup;
    private final String env;
    private final Thread loop;

    public CloudWatchMetrics(CloudWatchClient cloudWatch, Bridge bridge, Startup startup, String env, Duration period) {
        this.cloudWatch = cloudWatch;
        this.bridge = bridge;
        this.startup = startup;
        this.env = env;
        this.loop = Thread.ofVirtual().name("cloudwatch-metrics").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    publishOnce();
                    Thread.sleep(period);
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    LOG.warn("could not publish bridge metrics: {}", e.toString());
                }
            }
        });
    }

    void publishOnce() {
        Dimension dimension = Dimension.builder().name(BridgeAlarmMetrics.DIMENSION).value(env).build();
        Instant now = Instant.now();
        MetricDatum ready = MetricDatum.builder().metricName(BridgeAlarmMetrics.READY).dimensions(dimension)
                .timestamp(now).unit(StandardUnit.COUNT).value(startup.ready() ? 1.0 : 0.0).build();
        if (!startup.ready()) {
            // lag and dead letters need NATS: readiness alone says what is wrong
            cloudWatch.putMetricData(b -> b.namespace(BridgeAlarmMetrics.NAMESPACE).metricData(ready));
            return;
        }
        long lag = bridge.lag().values().stream().mapToLong(Long::longValue).max().orElse(0);
        cloudWatch.putMetricData(b -> b.namespace(BridgeAlarmMetrics.NAMESPACE).metricData(List.of(ready,
                MetricDatum.builder().metricName(BridgeAlarmMetrics.CONSUMER_LAG).dimensions(dimension)
                        .timestamp(now).unit(StandardUnit.COUNT).value((double) Math.max(lag, 0)).build(),
                MetricDatum.builder().metricName(BridgeAlarmMetrics.DLQ_DEPTH).dimensions(dimension)
                        .timestamp(now).unit(StandardUnit.COUNT).value((double) Math.max(bridge.deadLetterDepth(), 0)).build())));
    }

    @Override
    public void close() {
        loop.interrupt();
        cloudWatch.close();
    }
}
