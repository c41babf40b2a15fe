package io.ridewire.infra;

import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.ec2.FlowLogDestination;
import software.amazon.awscdk.services.ec2.FlowLogOptions;
import software.amazon.awscdk.services.ec2.FlowLogTrafficType;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.IpAddresses;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.Acknowledgment;
import software.amazon.awscdk.Validations;
import software.constructs.Construct;

import java.util.List;
import java.util.Map;

/**
 * The VPC the functions, Redis and the bridge share: two AZs, private subnets with NAT egress (NATS, the management
 * API and Secrets Manager are reached through it), a free gateway endpoint so DynamoDB traffic skips the NAT, and
 * rejected-traffic flow logs.
 */
public final class Network extends Construct {
    /** Redis listens on a non-default port (cdk-nag AwsSolutions-AEC5). */
    public static final int REDIS_PORT = 6380;

    private final Vpc vpc;
    private final SecurityGroup functions;
    private final SecurityGroup bridge;
    private final SecurityGroup redis;

    public Network(Construct scope, String id, StackSettings settings) {
        super(scope, id);
        LogGroup flowLogs = LogGroup.Builder.create(this, "FlowLogs")
                .retention(Logs.retention(settings.logRetentionDays()))
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        this.vpc = Vpc.Builder.create(this, "Vpc")
                .ipAddresses(IpAddresses.cidr("10.40.0.0/16"))
                .maxAzs(2)
                .natGateways(settings.natGateways())
                .subnetConfiguration(List.of(
                        SubnetConfiguration.builder().name("public").subnetType(SubnetType.PUBLIC).cidrMask(24).build(),
                        SubnetConfiguration.builder().name("private").subnetType(SubnetType.PRIVATE_WITH_EGRESS)
                                .cidrMask(20).build()))
                .gatewayEndpoints(Map.of("DynamoDb", GatewayVpcEndpointOptions.builder()
                        .service(GatewayVpcEndpointAwsService.DYNAMODB).build()))
                .flowLogs(Map.of("Rejected", FlowLogOptions.builder()
                        .destination(FlowLogDestination.toCloudWatchLogs(flowLogs))
                        .trafficType(FlowLogTrafficType.REJECT)
                        .build()))
                .build();

        // With a concrete environment CDK places subnets in the zones it looked up (cdk.context.json).
        Validations.of(vpc).acknowledge(Acknowledgment.builder().id("CloudFormation-Validate::W3010")
                .reason("subnets name the availability zones CDK looked up for the account and region "
                        + "(cdk.context.json); an environment-agnostic synth uses Fn::GetAZs").build());
        this.functions = SecurityGroup.Builder.create(this, "Functions").vpc(vpc)
                .description("Ridewire route functions: egress only").allowAllOutbound(true).build();
        this.bridge = SecurityGroup.Builder.create(this, "Bridge").vpc(vpc)
                .description("Ridewire bridge service: egress only").allowAllOutbound(true).build();
        this.redis = SecurityGroup.Builder.create(this, "Redis").vpc(vpc)
                .description("Ridewire Redis: reachable from the functions and the bridge only")
                .allowAllOutbound(false).build();
        redis.addIngressRule(Peer.securityGroupId(functions.getSecurityGroupId()), Port.tcp(REDIS_PORT),
                "route functions to Redis");
        redis.addIngressRule(Peer.securityGroupId(bridge.getSecurityGroupId()), Port.tcp(REDIS_PORT),
                "bridge to Redis");
    }

    public Vpc vpc() {
        return vpc;
    }

    public SubnetSelection privateSubnets() {
        return SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build();
    }

    public SecurityGroup functionsGroup() {
        return functions;
    }

    public SecurityGroup bridgeGroup() {
        return bridge;
    }

    public SecurityGroup redisGroup() {
        return redis;
    }
}
