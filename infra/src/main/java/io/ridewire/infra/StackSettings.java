package io.ridewire.infra;

import software.constructs.Node;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What may differ between deployments, read from CDK context ({@code cdk deploy -c key=value} or {@code cdk.json}).
 * Every default is the production choice; docs/deploy.md lists the keys.
 *
 * @param env                  names the stage and prefixes every physical name ({@code ridewire-{env}-…})
 * @param deletionProtection   DynamoDB deletion protection and RETAIN removal policy on tables
 * @param logRetentionDays     retention of every log group
 * @param functionsJar         the shaded jar with every handler ({@code mvn -pl functions -am package})
 * @param bridgeImage          a prebuilt bridge image to run instead of building {@code bridge/Dockerfile}
 * @param repositoryRoot       the Docker build context of the bridge image (its Dockerfile is {@code bridge/Dockerfile})
 * @param redisNodeType        ElastiCache node type
 * @param redisReplicas        read replicas (≥ 1 gives Multi-AZ automatic failover)
 * @param natGateways          NAT gateways (egress for NATS, the management API, Secrets Manager)
 * @param jwksUrlParameter     SSM parameter holding the JWKS URL for RS256/ES256 tokens, if any
 * @param hs256Secret          whether the authorizer also accepts HS256 tokens signed with the generated secret
 * @param jwtIssuer            the {@code iss} every token must carry, if set (an identity provider serving other apps)
 * @param jwtAudience          a value every token's {@code aud} must hold, if set
 * @param corsAllowedOrigins   the origins (comma-separated, e.g. {@code https://shop.example.com}) whose browser apps
 *                             may call the REST API; none by default
 * @param natsReplicas         JetStream stream replicas of the NATS cluster the stack talks to
 * @param secretsRevision      bump it after changing a secret: functions publish new versions (SnapStart
 *                             snapshots hold the secrets read at init) and the bridge redeploys
 */
public record StackSettings(
        String env,
        boolean deletionProtection,
        int logRetentionDays,
        Path functionsJar,
        Optional<String> bridgeImage,
        Path repositoryRoot,
        String redisNodeType,
        int redisReplicas,
        int natGateways,
        Optional<String> jwksUrlParameter,
        boolean hs256Secret,
        Optional<String> jwtIssuer,
        Optional<String> jwtAudience,
        Optional<String> corsAllowedOrigins,
        int natsReplicas,
        String secretsRevision) {

    public static final String DEFAULT_JAR = "../functions/target/functions-0.1.0-SNAPSHOT-lambda.jar";

    public StackSettings {
        if (!env.matches("[a-z][a-z0-9-]{0,15}")) {
            throw new IllegalArgumentException("context env must be lower-case letters, digits and '-' (≤ 16): " + env);
        }
        if (redisReplicas < 0 || redisReplicas > 5) {
            throw new IllegalArgumentException("context redisReplicas must be 0..5: " + redisReplicas);
        }
        if (!hs256Secret && jwksUrlParameter.isEmpty()) {
            // with no way to check a signature no token could be trusted: say so at synth, not with every 401
            throw new IllegalArgumentException("context hs256Secret=false needs jwksUrlParameter (the SSM parameter "
                    + "holding your identity provider's JWKS URL): tokens must be verified one way or the other");
        }
    }

    /** Reads the settings from the app's context, falling back to the production defaults. */
    public static StackSettings from(Node node) {
        return new StackSettings(
                text(node, "env").orElse("prod"),
                bool(node, "deletionProtection", true),
                integer(node, "logRetentionDays", 30),
                Path.of(text(node, "functionsJar").orElse(DEFAULT_JAR)),
                text(node, "bridgeImage"),
                Path.of(text(node, "repositoryRoot").orElse("..")),
                text(node, "redisNodeType").orElse("cache.t4g.micro"),
                integer(node, "redisReplicas", 1),
                integer(node, "natGateways", 1),
                text(node, "jwksUrlParameter"),
                bool(node, "hs256Secret", true),
                text(node, "jwtIssuer"),
                text(node, "jwtAudience"),
                text(node, "corsAllowedOrigins"),
                integer(node, "natsReplicas", 3),
                text(node, "secretsRevision").orElse("1"));
    }

    /** Prefix of every physical resource name. */
    public String prefix() {
        return "ridewire-" + env + "-";
    }

    private static Optional<String> text(Node node, String key) {
        Object value = node.tryGetContext(key);
        return value == null || value.toString().isBlank() ? Optional.empty() : Optional.of(value.toString());
    }

    private static boolean bool(Node node, String key, boolean fallback) {
        return text(node, key).map(Boolean::parseBoolean).orElse(fallback);
    }

    private static int integer(Node node, String key, int fallback) {
        return text(node, key).map(value -> (int) Double.parseDouble(value)).orElse(fallback);
    }
}
