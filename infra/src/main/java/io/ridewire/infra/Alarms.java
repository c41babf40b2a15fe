package io.ridewire.infra;

import io.ridewire.metrics.BridgeAlarmMetrics;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.sns.Topic;
import software.constructs.Construct;

import java.util.Map;

/**
 * What pages someone: errors and throttles of every function, the bridge's lag and dead-letter depth (custom metrics
 * it publishes, {@link BridgeAlarmMetrics}) and the bridge having no running task. Every alarm notifies one encrypted SNS
 * topic; subscribe to it (docs/deploy.md).
 */
public final class Alarms extends Construct {
    /** Waiting events past which apps notice delays (the bridge drains hundreds a second when healthy). */
    static final int LAG_MESSAGES_THRESHOLD = 1000;
    /** Errors in five minutes that are more than a stray bad request. */
    static final int ERRORS_THRESHOLD = 5;

    private final Topic topic;

    public Alarms(Construct scope, String id, StackSettings settings, RouteFunctions functions,
                  BridgeService bridge) {
        super(scope, id);
        Key key = Key.Builder.create(this, "TopicKey")
                .description("Encrypts Ridewire's alarm topic")
                .enableKeyRotation(true)
                .build();
        // CloudWatch must be able to publish to the encrypted topic.
        key.grant(new ServicePrincipal("cloudwatch.amazonaws.com"), "kms:Decrypt", "kms:GenerateDataKey*");
        this.topic = Topic.Builder.create(this, "Topic")
                .topicName(settings.prefix() + "alarms")
                .masterKey(key)
                .enforceSsl(true)
                .build();

        for (Map.Entry<String, Function> entry : functions.functions().entrySet()) {
            Function function = entry.getValue();
            alarm(entry.getKey() + "Errors", "Ridewire " + entry.getKey() + ": handler errors",
                    function.metricErrors(fiveMinutes("Sum")), ERRORS_THRESHOLD, 1, TreatMissingData.NOT_BREACHING);
            alarm(entry.getKey() + "Throttles", "Ridewire " + entry.getKey() + ": throttled invocations",
                    function.metricThrottles(fiveMinutes("Sum")), 1, 1, TreatMissingData.NOT_BREACHING);
        }

        Map<String, String> dimension = Map.of(BridgeAlarmMetrics.DIMENSION, settings.env());
        // Lag that persists means the bridge is stuck or too slow; a crashed bridge is BridgeNotRunning's case.
        alarm("BridgeLag", "Ridewire bridge: more than " + LAG_MESSAGES_THRESHOLD + " events waiting for 3 minutes",
                Metric.Builder.create().namespace(BridgeAlarmMetrics.NAMESPACE).metricName(BridgeAlarmMetrics.CONSUMER_LAG)
                        .dimensionsMap(dimension).statistic("Maximum").period(Duration.minutes(1)).build(),
                LAG_MESSAGES_THRESHOLD, 3, TreatMissingData.NOT_BREACHING);
        alarm("DlqDepth", "Ridewire bridge: messages in the dead-letter stream",
                Metric.Builder.create().namespace(BridgeAlarmMetrics.NAMESPACE).metricName(BridgeAlarmMetrics.DLQ_DEPTH)
                        .dimensionsMap(dimension).statistic("Maximum").period(Duration.minutes(5)).build(),
                1, 1, TreatMissingData.NOT_BREACHING);
        alarm("BridgeNotRunning", "Ridewire bridge: no running task",
                Metric.Builder.create().namespace("ECS/ContainerInsights").metricName("RunningTaskCount")
                        .dimensionsMap(Map.of("ClusterName", bridge.cluster().getClusterName(),
                                "ServiceName", bridge.service().getServiceName()))
                        .statistic("Minimum").period(Duration.minutes(1)).build(),
                1, 3, TreatMissingData.BREACHING, ComparisonOperator.LESS_THAN_THRESHOLD);
    }

    private static MetricOptions fiveMinutes(String statistic) {
        return MetricOptions.builder().period(Duration.minutes(5)).statistic(statistic).build();
    }

    private void alarm(String id, String description, IMetric metric, int threshold, int periods,
                       TreatMissingData missing) {
        alarm(id, description, metric, threshold, periods, missing,
                ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD);
    }

    private void alarm(String id, String description, IMetric metric, int threshold, int periods,
                       TreatMissingData missing, ComparisonOperator comparison) {
        Alarm alarm = Alarm.Builder.create(this, id)
                .alarmDescription(description)
                .metric(metric)
                .threshold(threshold)
                .evaluationPeriods(periods)
                .comparisonOperator(comparison)
                .treatMissingData(missing)
                .build();
        alarm.addAlarmAction(new SnsAction(topic));
    }

    public Topic topic() {
        return topic;
    }
}
