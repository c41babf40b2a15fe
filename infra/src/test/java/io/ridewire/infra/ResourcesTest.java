package io.ridewire.infra;

import io.ridewire.deployment.TableCatalogue;
import io.ridewire.deployment.TableSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Tables from the catalogue, least-privilege IAM, alarms, Redis, the bridge service and the template's size. */
class ResourcesTest {
    private static Cfn cfn;

    @BeforeAll
    static void synth() {
        cfn = new Cfn(Synth.shared().merged);
    }

    @Test
    void everyCatalogueTable_isOnDemandWithTtlPitrAndDeletionProtection() {
        Map<String, Map<String, Object>> byName = cfn.ofType("AWS::DynamoDB::Table").values().stream()
                .collect(Collectors.toMap(p -> (String) p.get("TableName"), p -> p));
        assertThat(byName).hasSize(TableCatalogue.all().size());
        for (TableSpec spec : TableCatalogue.all()) {
            Map<String, Object> table = byName.get("ridewire-test-" + spec.name());
            assertThat(table).as(spec.name()).isNotNull()
                    .containsEntry("BillingMode", "PAY_PER_REQUEST")
                    .containsEntry("TimeToLiveSpecification",
                            Map.of("AttributeName", spec.ttlAttribute(), "Enabled", true))
                    .containsEntry("PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true))
                    .containsEntry("DeletionProtectionEnabled", true);
            List<Map<String, Object>> keys = new ArrayList<>();
            keys.add(Map.of("AttributeName", spec.partitionKey().name(), "KeyType", "HASH"));
            spec.sortKeyIfAny().ifPresent(sort -> keys.add(Map.of("AttributeName", sort.name(), "KeyType", "RANGE")));
            assertThat(table.get("KeySchema")).as(spec.name()).isEqualTo(keys);
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> indexes =
                    (List<Map<String, Object>>) table.getOrDefault("GlobalSecondaryIndexes", List.of());
            assertThat(indexes.stream().map(i -> i.get("IndexName")).toList())
                    .containsExactlyInAnyOrderElementsOf(spec.indexes().stream().map(TableSpec.Index::name).toList());
        }
    }

    @Test
    void dataAndConnectionActions_nameTheirResources_neverAWildcard() {
        int checked = 0;
        for (Map.Entry<String, Map<String, Object>> policy : cfn.ofType("AWS::IAM::Policy").entrySet()) {
            for (Map<String, Object> statement : statements(policy.getValue())) {
                List<String> actions = strings(statement.get("Action"));
                boolean data = actions.stream().anyMatch(a -> a.startsWith("dynamodb:") || a.startsWith("execute-api:"));
                if (!data) {
                    continue;
                }
                checked++;
                assertThat(actions).as(policy.getKey()).noneMatch(a -> a.endsWith(":*") || a.equals("*"));
                for (Object resource : asList(statement.get("Resource"))) {
                    assertThat(resource).as("%s %s", policy.getKey(), actions).isNotEqualTo("*");
                    assertThat(Cfn.references(resource)).as("%s names a resource of this stack", policy.getKey())
                            .isNotEmpty();
                }
                if (actions.contains("execute-api:ManageConnections")) {
                    String api = cfn.ofType("AWS::ApiGatewayV2::Api").keySet().iterator().next();
                    for (Object resource : asList(statement.get("Resource"))) {
                        assertThat(Cfn.references(resource)).contains(api);
                        assertThat(resource.toString()).contains("/test/*/@connections/*");
                    }
                }
            }
        }
        assertThat(checked).isPositive();
    }

    @Test
    void everyFunction_hasErrorAndThrottleAlarms_andTheBridgeHasLagDlqAndDeadlineAlarms() {
        Map<String, Map<String, Object>> alarms = cfn.ofType("AWS::CloudWatch::Alarm");
        for (String function : cfn.ofType("AWS::Lambda::Function").keySet()) {
            for (String metric : List.of("Errors", "Throttles")) {
                assertThat(alarms.values()).as("%s alarm of %s", metric, function).anySatisfy(alarm -> {
                    assertThat(alarm).containsEntry("Namespace", "AWS/Lambda").containsEntry("MetricName", metric);
                    assertThat(Cfn.references(alarm.get("Dimensions"))).contains(function);
                });
            }
        }
        for (String metric : List.of("BridgeConsumerLag", "DlqDepth", "DeadlineLagSeconds", "DeadlinesFailing")) {
            assertThat(alarms.values()).as(metric).anySatisfy(alarm -> assertThat(alarm)
                    .containsEntry("Namespace", "Ridewire").containsEntry("MetricName", metric)
                    .containsEntry("Dimensions", List.of(Map.of("Name", "Env", "Value", "test"))));
        }
        String topic = cfn.ofType("AWS::SNS::Topic").keySet().iterator().next();
        alarms.forEach((id, alarm) -> {
            assertThat(Cfn.references(alarm.get("AlarmActions"))).as(id).containsExactly(topic);
            assertThat(Cfn.references(alarm.get("OKActions"))).as("%s tells when it clears", id).containsExactly(topic);
        });
    }

    @Test
    void redis_isEncryptedAuthenticatedMultiAzAndOnlyReachableFromFunctionsAndBridge() {
        Map<String, Object> redis = cfn.ofType("AWS::ElastiCache::ReplicationGroup").values().iterator().next();
        assertThat(redis)
                .containsEntry("TransitEncryptionEnabled", true)
                .containsEntry("AtRestEncryptionEnabled", true)
                .containsEntry("MultiAZEnabled", true)
                .containsEntry("AutomaticFailoverEnabled", true)
                .containsEntry("NumCacheClusters", 2)
                .containsEntry("Port", Network.REDIS_PORT)
                .containsKey("AuthToken");
        assertThat(redis.get("AuthToken").toString()).contains("resolve:secretsmanager");
        String group = cfn.referencedOfType(redis.get("SecurityGroupIds"), "AWS::EC2::SecurityGroup");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> ingress = (List<Map<String, Object>>) cfn.properties(group).get("SecurityGroupIngress");
        assertThat(ingress).hasSize(2).allSatisfy(rule -> assertThat(rule)
                .containsEntry("FromPort", Network.REDIS_PORT).doesNotContainKey("CidrIp"));
    }

    @Test
    void bridge_runsOneArm64FargateTaskFromItsImage_inThePrivateSubnets() {
        Map<String, Object> task = cfn.ofType("AWS::ECS::TaskDefinition").values().iterator().next();
        assertThat(task).containsEntry("RuntimePlatform",
                Map.of("CpuArchitecture", "ARM64", "OperatingSystemFamily", "LINUX"));
        @SuppressWarnings("unchecked")
        Map<String, Object> container = ((List<Map<String, Object>>) task.get("ContainerDefinitions")).get(0);
        assertThat(container).containsEntry("Image", Synth.BRIDGE_IMAGE);
        assertThat(container.toString()).contains("RIDEWIRE_SECRETS").contains("RIDEWIRE_AWS_MANAGEMENT_ENDPOINT");
        Map<String, Object> service = cfn.ofType("AWS::ECS::Service").values().iterator().next();
        assertThat(service).containsEntry("DesiredCount", 1).containsEntry("LaunchType", "FARGATE");
        assertThat(service.toString()).contains("AssignPublicIp=DISABLED");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> statements(Map<String, Object> policy) {
        return (List<Map<String, Object>>) ((Map<String, Object>) policy.get("PolicyDocument")).get("Statement");
    }

    private static List<String> strings(Object value) {
        return asList(value).stream().map(Object::toString).toList();
    }

    private static List<Object> asList(Object value) {
        return value instanceof List<?> list ? new ArrayList<>(list) : List.of(value);
    }
}
