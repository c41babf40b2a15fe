package io.ridewire.infra;

import io.ridewire.deployment.BridgeAlarmMetrics;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.AlarmStatusWidget;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.IWidget;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.constructs.Construct;

import java.util.List;
import java.util.Map;

/**
 * The one dashboard on-call opens: the shared alarms' states; WebSocket traffic, errors and latency; every
 * function's errors and p99 duration (found by name prefix, so new routes appear without a change here); the
 * routes' own latency, errors and rate-limited messages and the pushes' outcomes (the functions' EMF metrics, named
 * as {@code io.ridewire.functions.observability.RouteMetrics} prints them); DynamoDB throttles;
 * Redis; the bridge's lag, dead letters and readiness.
 */
final class Dashboard extends Construct {

    Dashboard(Construct scope, String id, StackSettings settings, WebSocketGateway webSocket, Alarms alarms) {
        super(scope, id);
        Map<String, String> stage = Map.of("ApiId", webSocket.api().getApiId(), "Stage", settings.env());
        Map<String, String> env = Map.of(BridgeAlarmMetrics.DIMENSION, settings.env());
        String functions = "ridewire-" + settings.env() + "-";
        software.amazon.awscdk.services.cloudwatch.Dashboard dashboard =
                software.amazon.awscdk.services.cloudwatch.Dashboard.Builder.create(this, "Dashboard")
                        .dashboardName(settings.prefix() + "overview")
                        .build();
        dashboard.addWidgets(AlarmStatusWidget.Builder.create().title("Alarms").alarms(List.copyOf(alarms.all()))
                .width(24).height(4).build());
        dashboard.addWidgets(
                graph("WebSocket traffic", metric("AWS/ApiGateway", "ConnectCount", stage, "Sum"),
                        metric("AWS/ApiGateway", "MessageCount", stage, "Sum")),
                graph("WebSocket errors", metric("AWS/ApiGateway", "IntegrationError", stage, "Sum"),
                        metric("AWS/ApiGateway", "ExecutionError", stage, "Sum"),
                        metric("AWS/ApiGateway", "ClientError", stage, "Sum")),
                graph("WebSocket integration latency p99", metric("AWS/ApiGateway", "IntegrationLatency", stage, "p99")));
        dashboard.addWidgets(
                graph("Function errors", search("AWS/Lambda", "FunctionName", functions, "Errors", "Sum")),
                graph("Function duration p99", search("AWS/Lambda", "FunctionName", functions, "Duration", "p99")),
                graph("Function throttles", search("AWS/Lambda", "FunctionName", functions, "Throttles", "Sum")));
        dashboard.addWidgets(
                graph("Route latency p99 (EMF)", search(BridgeAlarmMetrics.NAMESPACE, "Env,route", "",
                        "ridewire.route.latency", "p99")),
                graph("Route errors and rate-limited (EMF)", search(BridgeAlarmMetrics.NAMESPACE,
                        "Env,route,outcome", "error", "ridewire.route.latency", "SampleCount"),
                        search(BridgeAlarmMetrics.NAMESPACE, "Env,route", "", "ridewire.rate_limited", "Sum")),
                graph("Pushes by outcome", search(BridgeAlarmMetrics.NAMESPACE, "Env,outcome", "",
                        "ridewire.push", "Sum")));
        dashboard.addWidgets(
                graph("DynamoDB throttles", search("AWS/DynamoDB", "TableName", functions, "ReadThrottleEvents", "Sum"),
                        search("AWS/DynamoDB", "TableName", functions, "WriteThrottleEvents", "Sum")),
                graph("Redis", search("AWS/ElastiCache", "CacheClusterId", Cache.groupId(settings),
                        "EngineCPUUtilization", "Average"), search("AWS/ElastiCache", "CacheClusterId",
                        Cache.groupId(settings), "DatabaseMemoryUsagePercentage", "Maximum")),
                graph("Bridge", metric(BridgeAlarmMetrics.NAMESPACE, BridgeAlarmMetrics.CONSUMER_LAG, env, "Maximum"),
                        metric(BridgeAlarmMetrics.NAMESPACE, BridgeAlarmMetrics.DLQ_DEPTH, env, "Maximum"),
                        metric(BridgeAlarmMetrics.NAMESPACE, BridgeAlarmMetrics.READY, env, "Minimum")));
    }

    private static IWidget graph(String title, IMetric... metrics) {
        return GraphWidget.Builder.create().title(title).left(List.of(metrics)).width(8).height(6).build();
    }

    private static Metric metric(String namespace, String name, Map<String, String> dimensions, String statistic) {
        return Metric.Builder.create().namespace(namespace).metricName(name).dimensionsMap(dimensions)
                .statistic(statistic).period(Duration.minutes(1)).build();
    }

    /** Every series of a metric whose dimension value contains {@code match}: new functions and tables show up. */
    private static MathExpression search(String namespace, String dimensions, String match, String metric,
                                         String statistic) {
        String filter = match.isEmpty() ? "" : " " + match;
        return MathExpression.Builder.create()
                .expression("SEARCH('{" + namespace + "," + dimensions + "} MetricName=\"" + metric + "\"" + filter
                        + "', '" + statistic + "', 60)")
                .usingMetrics(Map.of())
                .label(metric)
                .period(Duration.minutes(1))
                .build();
    }
}
