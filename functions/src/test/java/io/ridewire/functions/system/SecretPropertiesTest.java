package io.ridewire.functions.system;

import io.micronaut.context.ApplicationContext;
import io.ridewire.functions.redis.RedisSettings;
import io.ridewire.functions.events.NatsSettings;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretPropertiesTest {
    private static final String REDIS_ARN = "arn:aws:secretsmanager:eu-west-1:1:secret:redis-AbC";
    private static final String NATS_ARN = "arn:aws:secretsmanager:eu-west-1:1:secret:nats-XyZ";

    @Test
    void entries_becomeProperties_jsonKeysPicked_eachSecretFetchedOnce() {
        List<String> fetched = new ArrayList<>();
        var source = SecretProperties.propertySource(
                "ridewire.secrets.redis-token=" + REDIS_ARN + "#token;ridewire.nats.url=" + NATS_ARN
                        + ";other.copy=" + REDIS_ARN + "#token",
                arn -> {
                    fetched.add(arn);
                    return arn.equals(REDIS_ARN) ? "{\"other\":{\"x\":1},\"token\":\"s3cr3t\"}" : "nats://u:p@n:4222";
                });
        assertThat(source.get("ridewire.secrets.redis-token")).isEqualTo("s3cr3t");
        assertThat(source.get("ridewire.nats.url")).isEqualTo("nats://u:p@n:4222");
        assertThat(source.get("other.copy")).isEqualTo("s3cr3t");
        assertThat(fetched).containsExactly(REDIS_ARN, NATS_ARN);
    }

    @Test
    void placeholders_inOtherSettings_resolveToTheSecret_andSecretsOverrideDefaults() {
        var source = SecretProperties.propertySource(
                "ridewire.secrets.redis-token=" + REDIS_ARN + "#token;ridewire.nats.url=" + NATS_ARN,
                arn -> arn.equals(REDIS_ARN) ? "{\"token\":\"s3cr3t\"}" : "nats://u:p@nats:4222");
        try (ApplicationContext context = ApplicationContext.builder()
                .properties(Map.of("ridewire.redis.uri", "rediss://:${ridewire.secrets.redis-token}@cache:6380"))
                .propertySources(source)
                .start()) {
            assertThat(context.getBean(RedisSettings.class).getUri()).isEqualTo("rediss://:s3cr3t@cache:6380");
            assertThat(context.getBean(NatsSettings.class).getUrl()).isEqualTo("nats://u:p@nats:4222");
        }
    }

    @Test
    void aMissingJsonKey_failsNamingTheSecret() {
        assertThatThrownBy(() -> SecretProperties.propertySource("a.b=" + REDIS_ARN + "#token", arn -> "{\"x\":1}"))
                .hasMessageContaining(REDIS_ARN).hasMessageContaining("token");
    }

    @Test
    void withoutTheVariable_nothingIsFetched() {
        // RIDEWIRE_SECRETS is unset in tests: building a context must not reach Secrets Manager
        try (ApplicationContext context = ApplicationContext.run()) {
            assertThat(context.getEnvironment().getPropertySources())
                    .noneMatch(source -> source.getName().equals("ridewire-secrets"));
        }
    }

    @Test
    void priming_roundTripsMessagesWithoutOpeningConnections() {
        try (ApplicationContext context = ApplicationContext.run(Map.of(
                "ridewire.aws.local-credentials", "true"))) {
            assertThat(context.getBean(Priming.class).prime()).isEqualTo(200);
        }
    }
}
