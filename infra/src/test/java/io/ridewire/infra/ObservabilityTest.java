package io.ridewire.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ridewire.deployment.RouteCatalogue;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.LIST;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;

/**
 * What on-call sees: every function logs JSON and is traced; the WebSocket stage is throttled; the bridge's container
 * is health-checked on {@code /ready}; one dashboard shows every alarm and the functions' EMF metrics; DynamoDB,
 * Redis, NAT and the WebSocket integrations have alarms that notify when they fire and when they clear.
 */
class ObservabilityTest {
    private static Cfn cfn;
    private static String topic;

    @BeforeAll
    static void synth() {
        cfn = new Cfn(Synth.shared().merged);
        topic = cfn.ofType("AWS::SNS::Topic").keySet().iterator().next();
    }

    @Test
    void everyFunction_logsJsonAndIsActivelyTraced_withTheRightToSendTraces() {
        Map<String, Map<String, Object>> functions = cfn.ofType("AWS::Lambda::Function");
        assertThat(functions).hasSize(RouteCatalogue.routes().size() + 2);
        functions.forEach((id, function) -> {
            assertThat(function.get("LoggingConfig")).as(id).asInstanceOf(MAP)
                    .containsEntry("LogFormat", "JSON")
                    .containsEntry("ApplicationLogLevel", "INFO")
                    .containsEntry("SystemLogLevel", "WARN");
            assertThat(function.get("TracingConfig")).as(id).isEqualTo(Map.of("Mode", "Active"));
            String role = cfn.referencedOfType(function.get("Role"), "AWS::IAM::Role");
            assertThat(cfn.ofType("AWS::IAM::Policy").values()).as("%s may send its traces", id)
                    .anySatisfy(policy -> {
                        assertThat(Cfn.references(policy.get("Roles"))).contains(role);
                        assertThat(policy.get("PolicyDocument").toString()).contains("xray:PutTraceSegments");
                    });
        });
    }

    @Test
    void restExecutionLogs_goToAGroupOfTheStack_withItsRetention() {
        String restApi = cfn.ofType("AWS::ApiGateway::RestApi").keySet().iterator().next();
        assertThat(cfn.ofType("AWS::Logs::LogGroup").keySet()).anySatisfy(group -> {
            Map<String, Object> properties = cfn.properties(group);
            assertThat(String.valueOf(properties.get("LogGroupName"))).contains("API-Gateway-Execution-Logs_");
            assertThat(Cfn.references(properties.get("LogGroupName"))).contains(restApi);
            assertThat(properties).containsEntry("RetentionInDays", 30);
        });
    }

    @Test
    void webSocketStage_isThrottled() {
        Map<String, Map<String, Object>> stages = cfn.ofType("AWS::ApiGatewayV2::Stage");
        assertThat(stages).hasSize(1);
        assertThat(stages.values().iterator().next())
                .containsEntry("StageName", "test")
                .containsEntry("DefaultRouteSettings", Map.of(
                        "ThrottlingRateLimit", WebSocketGateway.RATE_LIMIT,
                        "ThrottlingBurstLimit", WebSocketGateway.BURST_LIMIT));
    }

    @Test
    void bridgeContainer_isHealthCheckedOnReady() {
        Map<String, Object> task = cfn.ofType("AWS::ECS::TaskDefinition").values().iterator().next();
        @SuppressWarnings("unchecked")
        Map<String, Object> container = ((List<Map<String, Object>>) task.get("ContainerDefinitions")).get(0);
        @SuppressWarnings("unchecked")
        Map<String, Object> check = (Map<String, Object>) container.get("HealthCheck");
        assertThat(check).as("container health check").isNotNull()
                .containsEntry("Interval", 30).containsEntry("Retries", 3).containsEntry("StartPeriod", 60);
        @SuppressWarnings("unchecked")
        List<String> command = (List<String>) check.get("Command");
        assertThat(command.get(0)).isEqualTo("CMD-SHELL");
        assertThat(command.get(1)).contains("curl -f").contains(":" + BridgeService.PORT + "/ready");
    }

    @Test
    void oneDashboard_showsEveryAlarm_andTheFunctionsEmfMetrics() throws IOException {
        Map<String, Map<String, Object>> dashboards = cfn.ofType("AWS::CloudWatch::Dashboard");
        assertThat(dashboards).hasSize(1);
        Map<String, Object> dashboard = dashboards.values().iterator().next();
        assertThat(dashboard).containsEntry("DashboardName", "ridewire-test-overview");
        JsonNode widgets = body(dashboard.get("DashboardBody")).get("widgets");

        List<String> expressions = new ArrayList<>();
        int alarms = 0;
        for (JsonNode widget : widgets) {
            JsonNode properties = widget.get("properties");
            if ("alarm".equals(widget.get("type").asText())) {
                alarms += properties.get("alarms").size();
            }
            for (JsonNode metric : properties.path("metrics")) {
                metric.findValues("expression").forEach(e -> expressions.add(e.asText()));
            }
        }
        assertThat(alarms).as("alarms on the dashboard").isEqualTo(cfn.ofType("AWS::CloudWatch::Alarm").size());
        // the names and dimension sets io.ridewire.functions.observability.RouteMetrics prints (RouteMetricsTest)
        assertThat(expressions).anySatisfy(e -> assertThat(e)
                        .contains("{Ridewire,Env,outcome} MetricName=\"ridewire.push\""))
                .anySatisfy(e -> assertThat(e).contains("{Ridewire,Env,route} MetricName=\"ridewire.route.latency\""))
                .anySatisfy(e -> assertThat(e)
                        .contains("{Ridewire,Env,route,outcome} MetricName=\"ridewire.route.latency\" error"))
                .anySatisfy(e -> assertThat(e).contains("{Ridewire,Env,route} MetricName=\"ridewire.rate_limited\""));
    }

    @Test
    void everyTable_hasThrottleAndSystemErrorAlarms() {
        for (String table : cfn.ofType("AWS::DynamoDB::Table").keySet()) {
            assertAlarm("AWS/DynamoDB", "ReadThrottleEvents", table);
            assertAlarm("AWS/DynamoDB", "WriteThrottleEvents", table);
            assertAlarm("AWS/DynamoDB", "SystemErrors", table);
        }
    }

    @Test
    void everyRedisNode_hasCpuMemoryAndEvictionAlarms() {
        Map<String, Object> group = cfn.ofType("AWS::ElastiCache::ReplicationGroup").values().iterator().next();
        int nodes = (Integer) group.get("NumCacheClusters");
        for (int node = 1; node <= nodes; node++) {
            String id = String.format("%s-%03d", group.get("ReplicationGroupId"), node);
            for (String metric : List.of("EngineCPUUtilization", "DatabaseMemoryUsagePercentage", "Evictions")) {
                assertThat(alarmsOn("AWS/ElastiCache", metric)).as("%s alarm of %s", metric, id)
                        .anySatisfy(alarm -> assertThat(alarm.get("Dimensions").toString()).contains(id));
            }
        }
    }

    @Test
    void everyNatGateway_hasPortAllocationAndDropAlarms() {
        Map<String, Map<String, Object>> gateways = cfn.ofType("AWS::EC2::NatGateway");
        assertThat(gateways).isNotEmpty();
        for (String nat : gateways.keySet()) {
            assertAlarm("AWS/NATGateway", "ErrorPortAllocation", nat);
            assertAlarm("AWS/NATGateway", "PacketsDropCount", nat);
        }
    }

    @Test
    void webSocketApi_hasIntegrationAndExecutionErrorAlarms() {
        String api = cfn.ofType("AWS::ApiGatewayV2::Api").keySet().iterator().next();
        for (String metric : List.of("IntegrationError", "ExecutionError")) {
            assertAlarm("AWS/ApiGateway", metric, api);
            assertThat(alarmsOn("AWS/ApiGateway", metric)).anySatisfy(alarm -> assertThat(alarm.get("Dimensions"))
                    .asInstanceOf(LIST).contains(Map.of("Name", "Stage", "Value", "test")));
        }
    }

    /** An alarm on the metric of one resource exists, and it notifies the topic when it fires and when it clears. */
    private static void assertAlarm(String namespace, String metric, String resource) {
        assertThat(alarmsOn(namespace, metric)).as("%s %s alarm on %s", namespace, metric, resource)
                .anySatisfy(alarm -> {
                    assertThat(Cfn.references(alarm.get("Dimensions") != null ? alarm.get("Dimensions")
                            : alarm.get("Metrics"))).contains(resource);
                    assertThat(Cfn.references(alarm.get("AlarmActions"))).containsExactly(topic);
                    assertThat(Cfn.references(alarm.get("OKActions"))).containsExactly(topic);
                });
    }

    /** Alarms on one metric, alone or as part of a math expression. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> alarmsOn(String namespace, String metric) {
        List<Map<String, Object>> found = new ArrayList<>();
        for (Map<String, Object> alarm : cfn.ofType("AWS::CloudWatch::Alarm").values()) {
            boolean single = namespace.equals(alarm.get("Namespace")) && metric.equals(alarm.get("MetricName"));
            boolean inMath = ((List<Map<String, Object>>) alarm.getOrDefault("Metrics", List.of())).stream()
                    .map(m -> (Map<String, Object>) m.get("MetricStat"))
                    .filter(stat -> stat != null)
                    .map(stat -> (Map<String, Object>) stat.get("Metric"))
                    .anyMatch(m -> namespace.equals(m.get("Namespace")) && metric.equals(m.get("MetricName")));
            if (single || inMath) {
                found.add(alarm);
            }
        }
        return found;
    }

    /** The dashboard body's {@code Fn::Join} as JSON, each token (an alarm's ARN, the API's id) as a placeholder. */
    @SuppressWarnings("unchecked")
    private static JsonNode body(Object join) throws IOException {
        List<Object> parts = (List<Object>) ((List<Object>) ((Map<String, Object>) join).get("Fn::Join")).get(1);
        StringBuilder text = new StringBuilder();
        parts.forEach(part -> text.append(part instanceof String literal ? literal : "TOKEN"));
        return new ObjectMapper().readTree(text.toString());
    }
}
