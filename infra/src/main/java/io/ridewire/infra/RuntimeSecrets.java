package io.ridewire.infra;

import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.SecretValue;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.amazon.awscdk.services.ssm.StringParameter;
import software.constructs.Construct;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where the settings that must not sit in plain text come from. Secrets Manager holds the HS256 JWT secret, the
 * Redis AUTH token and the NATS URL (which may carry credentials); the processes read them once at start-up
 * ({@code RIDEWIRE_SECRETS}, see {@code io.ridewire.functions.system.SecretProperties}), so their values never appear in a
 * template, a function's configuration or a task definition. The JWKS URL is not secret: it comes from an SSM
 * parameter resolved at deploy time.
 */
public final class RuntimeSecrets extends Construct {
    /** Property the Redis URI's password placeholder names. */
    public static final String REDIS_TOKEN_PROPERTY = "ridewire.secrets.redis-token";

    private final Optional<Secret> jwtSecret;
    private final Secret redisToken;
    private final Secret natsUrl;
    private final Optional<String> jwksUrl;

    public RuntimeSecrets(Construct scope, String id, StackSettings settings) {
        super(scope, id);
        this.jwtSecret = settings.hs256Secret()
                ? Optional.of(Secret.Builder.create(this, "JwtSecret")
                        .secretName(settings.prefix() + "jwt-secret")
                        .description("HS256 secret the authorizer verifies tokens with (see docs/deploy.md to rotate)")
                        .generateSecretString(SecretStringGenerator.builder()
                                .passwordLength(64).excludePunctuation(true).build())
                        .removalPolicy(RemovalPolicy.DESTROY)
                        .build())
                : Optional.empty();
        this.redisToken = Secret.Builder.create(this, "RedisToken")
                .secretName(settings.prefix() + "redis-auth-token")
                .description("Redis AUTH token of the ElastiCache replication group")
                .generateSecretString(SecretStringGenerator.builder()
                        .secretStringTemplate("{}").generateStringKey("token")
                        .passwordLength(64).excludePunctuation(true).build())
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        this.natsUrl = Secret.Builder.create(this, "NatsUrl")
                .secretName(settings.prefix() + "nats-url")
                .description("NATS URL with credentials, e.g. nats://user:password@nats.internal:4222; set after the "
                        + "first deploy (docs/deploy.md)")
                .secretStringValue(SecretValue.unsafePlainText("nats://nats.invalid:4222"))
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        this.jwksUrl = settings.jwksUrlParameter().map(name -> StringParameter.valueForStringParameter(this, name));
    }

    /** The Redis AUTH token, for the replication group (a dynamic reference in the template). */
    public SecretValue redisAuthToken() {
        return redisToken.secretValueFromJson("token");
    }

    public Optional<String> jwksUrl() {
        return jwksUrl;
    }

    /**
     * The {@code RIDEWIRE_SECRETS} value for a process: {@code property=secretArn[#jsonKey]} entries separated by
     * {@code ;}, granting it read access to exactly those secrets.
     *
     * @param verifiesTokens whether the process verifies JWTs (the authorizer, the REST API)
     * @param usesBackends   whether it talks to Redis and NATS
     */
    public String bind(IGrantable process, boolean verifiesTokens, boolean usesBackends) {
        List<String> entries = new ArrayList<>();
        if (verifiesTokens) {
            jwtSecret.ifPresent(secret -> {
                secret.grantRead(process);
                entries.add("ridewire.jwt.secret=" + secret.getSecretArn());
            });
        }
        if (usesBackends) {
            redisToken.grantRead(process);
            natsUrl.grantRead(process);
            entries.add(REDIS_TOKEN_PROPERTY + "=" + redisToken.getSecretArn() + "#token");
            entries.add("ridewire.nats.url=" + natsUrl.getSecretArn());
        }
        return String.join(";", entries);
    }

    public Optional<Secret> jwtSecret() {
        return jwtSecret;
    }

    public Secret natsUrl() {
        return natsUrl;
    }

    public Secret redisToken() {
        return redisToken;
    }
}
