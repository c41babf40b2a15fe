package io.ridewire.infra;

import io.ridewire.deployment.BridgeAlarmMetrics;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.dynamodb.Operation;
import software.amazon.awscdk.services.dynamodb.OperationsMetricOptions;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.ec2.CfnNatGateway;
import software.amazon.awscdk.services.ec2.ISubnet;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.sns.Topic;
import software.constructs.Construct;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * What pages someone, each alarm notifying one encrypted SNS topic when it fires and again when it clears (OK):
 * errors and throttles of every function; the WebSocket API's integration and execution errors (its 5xx) and the
 * REST API's 5xx; DynamoDB throttles and system errors per table; Redis CPU, memory and evictions per node; NAT
 * port exhaustion and drops; the bridge's lag, dead letters, readiness and running task; deadlines late or failing.
 * Subscribe to the topic (docs/deploy.md).
 */
public final class Alarms extends Construct {
    /** Waiting events past which apps notice delays (the bridge drains hundreds a second when healthy). */
    static final int LAG_MESSAGES_THRESHOLD = 1000;
    /** Seconds a deadline may be late before users notice (a proposal that does not expire, a re-send not sent). */
    static final int DEADLINE_LAG_SECONDS = 60;
    /** Errors in five minutes that are more than a stray bad request. */
    static final int ERRORS_THRESHOLD = 5;
    /** Redis engine CPU (one core runs every command) and memory, percent. */
    static final int REDIS_CPU_PERCENT = 80;
    static final int REDIS_MEMORY_PERCENT = 80;
    /** Operations whose system errors are watched (an alarm reads at most ten metrics). */
    private static final List<Operation> OPERATIONS = List.of(Operation.GET_ITEM, Operation.PUT_ITEM,
            Operation.UPDATE_ITEM, Operation.DELETE_ITEM, Operation.QUERY, Operation.BATCH_WRITE_ITEM,
            Operation.BATCH_GET_ITEM, Operation.TRANSACT_WRITE_ITEMS);

    private final Topic topic;
    private final List<Alarm> alarms = new ArrayList<>();

    public Alarms(Construct scope, String id, StackSettings settings) {
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
    }

    /** Errors and throttles of one function, declared in {@code scope} (the function's own stack). */
    void forFunction(Construct scope, String name, Function function) {
        alarm(scope, name + "Errors", "Ridewire " + name + ": handler errors",
                function.metricErrors(fiveMinutes("Sum")), ERRORS_THRESHOLD, 1, TreatMissingData.NOT_BREACHING);
        alarm(scope, name + "Throttles", "Ridewire " + name + ": throttled invocations",
                function.metricThrottles(fiveMinutes("Sum")), 1, 1, TreatMissingData.NOT_BREACHING);
    }

    /** WebSocket integration errors (a function failed or timed out) and execution errors; REST 5xx. */
    void forApis(WebSocketGateway webSocket, RestGateway rest, StackSettings settings) {
        Map<String, String> stage = Map.of("ApiId", webSocket.api().getApiId(), "Stage", settings.env());
        alarm(this, "WebSocketIntegrationErrors", "Ridewire WebSocket API: integration errors (functions failing)",
                apiGateway("IntegrationError", stage), ERRORS_THRESHOLD, 1, TreatMissingData.NOT_BREACHING);
        alarm(this, "WebSocketExecutionErrors", "Ridewire WebSocket API: execution errors (its 5xx)",
                apiGateway("ExecutionError", stage), ERRORS_THRESHOLD, 1, TreatMissingData.NOT_BREACHING);
        alarm(this, "RestServerErrors", "Ridewire REST API: 5xx answers",
                rest.api().metricServerError(fiveMinutes("Sum")), ERRORS_THRESHOLD, 1, TreatMissingData.NOT_BREACHING);
    }

    /** Throttled requests and system errors of every table. */
    void forTables(DataTables tables) {
        for (Map.Entry<String, Table> entry : tables.byName().entrySet()) {
            String name = DataTables.construct(entry.getKey());
            Table table = entry.getValue();
            alarm(this, name + "Throttles", "Ridewire DynamoDB " + entry.getKey() + ": throttled reads or writes",
                    MathExpression.Builder.create().expression("r + w").period(Duration.minutes(5))
                            .usingMetrics(Map.of("r", table.metric("ReadThrottleEvents", fiveMinutes("Sum")),
                                    "w", table.metric("WriteThrottleEvents", fiveMinutes("Sum"))))
                            .build(),
                    1, 1, TreatMissingData.NOT_BREACHING);
            alarm(this, name + "SystemErrors", "Ridewire DynamoDB " + entry.getKey() + ": system errors",
                    table.metricSystemErrorsForOperations(OperationsMetricOptions.builder()
                            .operations(OPERATIONS).period(Duration.minutes(5)).build()),
                    1, 1, TreatMissingData.NOT_BREACHING);
        }
    }

    /** Engine CPU, memory and evictions of every Redis node. */
    void forCache(Cache cache, StackSettings settings) {
        for (String node : cache.nodeIds(settings)) {
            Map<String, String> dimension = Map.of("CacheClusterId", node);
            String id = "Redis" + node.substring(node.lastIndexOf('-') + 1);
            alarm(this, id + "Cpu", "Ridewire Redis " + node + ": engine CPU over " + REDIS_CPU_PERCENT + "%",
                    elastiCache("EngineCPUUtilization", dimension, "Average"), REDIS_CPU_PERCENT, 3,
                    TreatMissingData.NOT_BREACHING);
            alarm(this, id + "Memory", "Ridewire Redis " + node + ": memory over " + REDIS_MEMORY_PERCENT + "%",
                    elastiCache("DatabaseMemoryUsagePercentage", dimension, "Maximum"), REDIS_MEMORY_PERCENT, 3,
                    TreatMissingData.NOT_BREACHING);
            alarm(this, id + "Evictions", "Ridewire Redis " + node + ": keys evicted (hot state lost)",
                    elastiCache("Evictions", dimension, "Sum"), 1, 1, TreatMissingData.NOT_BREACHING);
        }
    }

    /** Port allocation errors and dropped packets of every NAT gateway. */
    void forNat(Network network) {
        int index = 0;
        for (ISubnet subnet : network.vpc().getPublicSubnets()) {
            if (!(subnet.getNode().tryFindChild("NATGateway") instanceof CfnNatGateway nat)) {
                continue;
            }
            index++;
            Map<String, String> dimension = Map.of("NatGatewayId", nat.getRef());
            alarm(this, "Nat" + index + "PortAllocation", "Ridewire NAT " + index + ": port allocation errors",
                    natGateway("ErrorPortAllocation", dimension), 1, 1, TreatMissingData.NOT_BREACHING);
            alarm(this, "Nat" + index + "Drops", "Ridewire NAT " + index + ": packets dropped",
                    natGateway("PacketsDropCount", dimension), 100, 1, TreatMissingData.NOT_BREACHING);
        }
    }

    /** Lag, dead letters, readiness and deadlines the bridge publishes, and its running task count. */
    void forBridge(BridgeService bridge, StackSettings settings) {
        Map<String, String> dimension = Map.of(BridgeAlarmMetrics.DIMENSION, settings.env());
        // Lag that persists means the bridge is stuck or too slow; a crashed bridge is BridgeNotRunning's case.
        alarm(this, "BridgeLag", "Ridewire bridge: more than " + LAG_MESSAGES_THRESHOLD + " events waiting for 3 minutes",
                bridgeMetric(BridgeAlarmMetrics.CONSUMER_LAG, dimension, "Maximum", 1), LAG_MESSAGES_THRESHOLD, 3,
                TreatMissingData.NOT_BREACHING);
        alarm(this, "DlqDepth", "Ridewire bridge: messages in the dead-letter stream",
                bridgeMetric(BridgeAlarmMetrics.DLQ_DEPTH, dimension, "Maximum", 5), 1, 1,
                TreatMissingData.NOT_BREACHING);
        // Missing means the bridge publishes nothing at all: as bad as not ready.
        alarm(this, "BridgeNotReady", "Ridewire bridge: not consuming (NATS unreachable or unconfigured) for 5 minutes",
                bridgeMetric(BridgeAlarmMetrics.READY, dimension, "Minimum", 1), 1, 5, TreatMissingData.BREACHING,
                ComparisonOperator.LESS_THAN_THRESHOLD);
        // the poller runs in the bridge: a stuck poller leaves proposals, merchant windows and re-sends unfired
        alarm(this, "DeadlineLag", "Ridewire deadlines: the most overdue one is more than " + DEADLINE_LAG_SECONDS
                        + " s late for 3 minutes (is the bridge's poller running?)",
                bridgeMetric(BridgeAlarmMetrics.DEADLINE_LAG, dimension, "Maximum", 1), DEADLINE_LAG_SECONDS, 3,
                TreatMissingData.NOT_BREACHING);
        alarm(this, "DeadlinesFailing", "Ridewire deadlines: a handler has failed at every firing for 3 minutes "
                        + "(is a store, NATS or the gateway down? /health names the deadline)",
                bridgeMetric(BridgeAlarmMetrics.DEADLINES_FAILING, dimension, "Minimum", 1), 1, 3,
                TreatMissingData.NOT_BREACHING);
        alarm(this, "BridgeNotRunning", "Ridewire bridge: no running task",
                Metric.Builder.create().namespace("ECS/ContainerInsights").metricName("RunningTaskCount")
                        .dimensionsMap(Map.of("ClusterName", bridge.cluster().getClusterName(),
                                "ServiceName", bridge.service().getServiceName()))
                        .statistic("Minimum").period(Duration.minutes(1)).build(),
                1, 3, TreatMissingData.BREACHING, ComparisonOperator.LESS_THAN_THRESHOLD);
    }

    private static Metric apiGateway(String name, Map<String, String> dimensions) {
        return Metric.Builder.create().namespace("AWS/ApiGateway").metricName(name).dimensionsMap(dimensions)
                .statistic("Sum").period(Duration.minutes(5)).build();
    }

    private static Metric elastiCache(String name, Map<String, String> dimensions, String statistic) {
        return Metric.Builder.create().namespace("AWS/ElastiCache").metricName(name).dimensionsMap(dimensions)
                .statistic(statistic).period(Duration.minutes(5)).build();
    }

    private static Metric natGateway(String name, Map<String, String> dimensions) {
        return Metric.Builder.create().namespace("AWS/NATGateway").metricName(name).dimensionsMap(dimensions)
                .statistic("Sum").period(Duration.minutes(5)).build();
    }

    private static Metric bridgeMetric(String name, Map<String, String> dimensions, String statistic, int minutes) {
        return Metric.Builder.create().namespace(BridgeAlarmMetrics.NAMESPACE).metricName(name)
                .dimensionsMap(dimensions).statistic(statistic).period(Duration.minutes(minutes)).build();
    }

    private static MetricOptions fiveMinutes(String statistic) {
        return MetricOptions.builder().period(Duration.minutes(5)).statistic(statistic).build();
    }

    private void alarm(Construct scope, String id, String description, IMetric metric, int threshold, int periods,
                       TreatMissingData missing) {
        alarm(scope, id, description, metric, threshold, periods, missing,
                ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD);
    }

    private void alarm(Construct scope, String id, String description, IMetric metric, int threshold, int periods,
                       TreatMissingData missing, ComparisonOperator comparison) {
        Alarm alarm = Alarm.Builder.create(scope, id)
                .alarmDescription(description)
                .metric(metric)
                .threshold(threshold)
                .evaluationPeriods(periods)
                .comparisonOperator(comparison)
                .treatMissingData(missing)
                .build();
        SnsAction notify = new SnsAction(topic);
        alarm.addAlarmAction(notify);
        alarm.addOkAction(notify);
        alarms.add(alarm);
    }

    public Topic topic() {
        return topic;
    }

    /** Every alarm, for the dashboard. */
    List<Alarm> all() {
        return Collections.unmodifiableList(alarms);
    }
}
