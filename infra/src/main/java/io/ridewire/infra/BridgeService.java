package io.ridewire.infra;

import io.ridewire.deployment.BridgeAlarmMetrics;
import io.ridewire.deployment.BridgeCatalogue;
import io.ridewire.deployment.Needs;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.ecr.assets.Platform;
import software.amazon.awscdk.services.ecs.AssetImageProps;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.ContainerInsights;
import software.amazon.awscdk.services.ecs.CpuArchitecture;
import software.amazon.awscdk.services.ecs.DeploymentCircuitBreaker;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.ecs.HealthCheck;
import software.amazon.awscdk.services.ecs.LogDrivers;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.OperatingSystemFamily;
import software.amazon.awscdk.services.ecs.RuntimePlatform;
import software.amazon.awscdk.services.iam.Policy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bridge: the long-lived JetStream consumer service, one Fargate task (ARM64) in the private subnets, built
 * from {@code bridge/Dockerfile}. It reaches Redis, NATS, DynamoDB and the management API like the functions do, and
 * publishes {@link BridgeAlarmMetrics} for the alarms. Its task role may do in DynamoDB exactly what
 * {@link BridgeCatalogue#NEEDS} declares.
 */
public final class BridgeService extends Construct {
    public static final String DOCKERFILE = "bridge/Dockerfile";
    /**
     * The bridge's health port (bridge/Dockerfile's RIDEWIRE_BRIDGE_PORT). {@code /ready} answers 200 while the
     * bridge consumes and while it waits, degraded, for a NATS URL that is still the placeholder (a restart would not
     * help; the BridgeNotReady alarm tells the operator); 503 when a configured NATS stays unreachable.
     */
    static final int PORT = 8081;

    private final FargateService service;
    private final Cluster cluster;

    public BridgeService(Construct scope, String id, StackSettings settings, Network network, DataTables tables,
                         Cache cache, RuntimeSecrets secrets, WebSocketGateway gateway) {
        super(scope, id);
        this.cluster = Cluster.Builder.create(this, "Cluster")
                .clusterName(settings.prefix() + "bridge")
                .vpc(network.vpc())
                .containerInsightsV2(ContainerInsights.ENABLED)
                .build();
        FargateTaskDefinition task = FargateTaskDefinition.Builder.create(this, "Task")
                .family(settings.prefix() + "bridge")
                .cpu(512)
                .memoryLimitMiB(1024)
                .runtimePlatform(RuntimePlatform.builder()
                        .cpuArchitecture(CpuArchitecture.ARM64)
                        .operatingSystemFamily(OperatingSystemFamily.LINUX)
                        .build())
                .build();
        LogGroup logs = LogGroup.Builder.create(this, "Logs")
                .logGroupName("/ecs/" + settings.prefix() + "bridge")
                .retention(Logs.retention(settings.logRetentionDays()))
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();

        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("RIDEWIRE_ENV", settings.env());
        environment.put("RIDEWIRE_LOG_FORMAT", "json");
        environment.put("RIDEWIRE_AWS_REGION", Aws.REGION);
        environment.put("RIDEWIRE_TABLES_PREFIX", settings.prefix());
        environment.put("RIDEWIRE_AWS_MANAGEMENT_ENDPOINT", gateway.stage().getCallbackUrl());
        environment.put("RIDEWIRE_REDIS_URI", cache.uri());
        environment.put("RIDEWIRE_NATS_REPLICAS", Integer.toString(settings.natsReplicas()));
        environment.put("RIDEWIRE_SECRETS_REVISION", settings.secretsRevision());
        environment.put("RIDEWIRE_SECRETS", secrets.bind(task.getTaskRole(), false, true));

        task.addContainer("bridge", ContainerDefinitionOptions.builder()
                .image(image(settings))
                .essential(true)
                .healthCheck(HealthCheck.builder()
                        .command(List.of("CMD-SHELL", "curl -fsS http://127.0.0.1:" + PORT + "/ready || exit 1"))
                        .interval(software.amazon.awscdk.Duration.seconds(30))
                        .timeout(software.amazon.awscdk.Duration.seconds(5))
                        .retries(3)
                        .startPeriod(software.amazon.awscdk.Duration.seconds(60))
                        .build())
                .environment(environment)
                .logging(LogDrivers.awsLogs(AwsLogDriverProps.builder().logGroup(logs).streamPrefix("bridge").build()))
                .build());

        Needs needs = BridgeCatalogue.NEEDS;
        if (needs.pushes()) {
            gateway.stage().grantManagementApiAccess(task.getTaskRole());
        }
        // Exactly what the bridge's parts declare (BridgeCatalogue), in a policy of its own: per-table grants in the
        // default policy grew it into a CDK overflow policy created after the nag suppressions were applied.
        Policy.Builder.create(this, "TablesPolicy")
                .statements(tables.statements(needs))
                .roles(List.of(task.getTaskRole()))
                .build();
        // PutMetricData has no resource to name; the condition keeps the bridge to its own namespace. A policy of its
        // own, so it never lands in a CDK overflow policy created after the nag suppressions were applied.
        Policy.Builder.create(this, "MetricsPolicy")
                .statements(List.of(PolicyStatement.Builder.create()
                        .actions(List.of("cloudwatch:PutMetricData"))
                        .resources(List.of("*"))
                        .conditions(Map.of("StringEquals", Map.of("cloudwatch:namespace", BridgeAlarmMetrics.NAMESPACE)))
                        .build()))
                .roles(List.of(task.getTaskRole()))
                .build();

        this.service = FargateService.Builder.create(this, "Service")
                .serviceName(settings.prefix() + "bridge")
                .cluster(cluster)
                .taskDefinition(task)
                .desiredCount(1)
                .minHealthyPercent(100)
                .maxHealthyPercent(200)
                .circuitBreaker(DeploymentCircuitBreaker.builder().rollback(true).build())
                .vpcSubnets(network.privateSubnets())
                .securityGroups(List.of(network.bridgeGroup()))
                .assignPublicIp(false)
                .build();
    }

    /**
     * The bridge image: a prebuilt one when {@code -c bridgeImage=…} names it (the tests, or a pipeline that builds
     * images elsewhere), else {@code bridge/Dockerfile} built for ARM64 by {@code cdk deploy} from the jars in
     * {@code bridge/target}. Synthesis only fingerprints the build context; Docker is needed when the asset is
     * published, not before.
     */
    static ContainerImage image(StackSettings settings) {
        if (settings.bridgeImage().isPresent()) {
            return ContainerImage.fromRegistry(settings.bridgeImage().get());
        }
        Path root = settings.repositoryRoot();
        if (!Files.isRegularFile(root.resolve(DOCKERFILE))) {
            throw new IllegalStateException("no " + root.resolve(DOCKERFILE) + ": build the bridge module, or pass "
                    + "-c bridgeImage=<registry/image:tag> to run a prebuilt bridge image");
        }
        // bridge/Dockerfile copies the jars `mvn -pl bridge -am package` leaves in bridge/target: that is the context.
        return ContainerImage.fromAsset(root.resolve("bridge").toString(), AssetImageProps.builder()
                .file("Dockerfile")
                .platform(Platform.LINUX_ARM64)
                .exclude(List.of("src", "target/classes", "target/test-classes", "target/surefire-reports",
                        "target/maven-*", "target/generated-*"))
                .build());
    }

    public FargateService service() {
        return service;
    }

    public Cluster cluster() {
        return cluster;
    }
}
