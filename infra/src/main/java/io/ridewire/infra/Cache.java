package io.ridewire.infra;

import software.amazon.awscdk.services.elasticache.CfnReplicationGroup;
import software.amazon.awscdk.services.elasticache.CfnSubnetGroup;
import software.constructs.Construct;

import java.util.List;

/**
 * Redis for hot state (rate limits, deadlines, geo, locks): an ElastiCache replication group in the private
 * subnets, TLS and AUTH on, encrypted at rest, Multi-AZ with automatic failover when it has a replica.
 */
public final class Cache extends Construct {
    private final CfnReplicationGroup group;

    public Cache(Construct scope, String id, StackSettings settings, Network network, RuntimeSecrets secrets) {
        super(scope, id);
        CfnSubnetGroup subnets = CfnSubnetGroup.Builder.create(this, "Subnets")
                .description("Ridewire Redis subnets")
                .cacheSubnetGroupName(settings.prefix() + "redis")
                .subnetIds(network.vpc().selectSubnets(network.privateSubnets()).getSubnetIds())
                .build();
        boolean replicated = settings.redisReplicas() > 0;
        this.group = CfnReplicationGroup.Builder.create(this, "Redis")
                .replicationGroupId(groupId(settings))
                .replicationGroupDescription("Ridewire hot state")
                .engine("redis")
                .engineVersion("7.1")
                .cacheNodeType(settings.redisNodeType())
                .numCacheClusters(1 + settings.redisReplicas())
                .automaticFailoverEnabled(replicated)
                .multiAzEnabled(replicated)
                .port(Network.REDIS_PORT)
                .transitEncryptionEnabled(true)
                .atRestEncryptionEnabled(true)
                .authToken(secrets.redisAuthToken().unsafeUnwrap())
                .cacheSubnetGroupName(subnets.getRef())
                .securityGroupIds(List.of(network.redisGroup().getSecurityGroupId()))
                .snapshotRetentionLimit(1)
                .build();
        group.addResourceDependency(subnets);
    }

    /**
     * The URI the processes read ({@code RIDEWIRE_REDIS_URI}): TLS, the AUTH token as a Micronaut placeholder that
     * {@code RIDEWIRE_SECRETS} fills in at start-up.
     */
    public String uri() {
        return "rediss://:${" + RuntimeSecrets.REDIS_TOKEN_PROPERTY + "}@" + group.getAttrPrimaryEndPointAddress()
                + ":" + group.getAttrPrimaryEndPointPort();
    }

    /** A fixed id, so the nodes' ids ({@code {group}-001}, …) are known to the alarms. */
    static String groupId(StackSettings settings) {
        return settings.prefix() + "redis";
    }

    /** The member clusters (nodes) ElastiCache names after the group: primary and replicas. */
    List<String> nodeIds(StackSettings settings) {
        return java.util.stream.IntStream.rangeClosed(1, 1 + settings.redisReplicas())
                .mapToObj(n -> groupId(settings) + "-%03d".formatted(n)).toList();
    }

    public CfnReplicationGroup group() {
        return group;
    }
}
