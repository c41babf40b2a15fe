package io.ridewire.functions.aws;

import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DynamoClientCustomizerTest {

    @Test
    void theDynamoClient_getsTheDefaultAttemptAndCallTimeouts() {
        try (ApplicationContext context = start(Map.of())) {
            ClientOverrideConfiguration config = context.getBean(DynamoDbClient.class).serviceClientConfiguration()
                    .overrideConfiguration();
            assertThat(config.apiCallAttemptTimeout()).contains(Duration.ofSeconds(4));
            assertThat(config.apiCallTimeout()).contains(Duration.ofSeconds(8));
        }
    }

    @Test
    void anAttemptTimeoutLongerThanTheCallTimeout_isAConfigurationErrorNamingBoth() {
        try (ApplicationContext context = start(Map.of("ridewire.aws.dynamodb-attempt-timeout", "10s",
                "ridewire.aws.dynamodb-call-timeout", "3s"))) {
            assertThatThrownBy(() -> context.getBean(DynamoDbClient.class))
                    .rootCause().hasMessageContainingAll("ridewire.aws.dynamodb-attempt-timeout (PT10S)",
                            "ridewire.aws.dynamodb-call-timeout (PT3S)");
        }
    }

    private static ApplicationContext start(Map<String, Object> extra) {
        Map<String, Object> properties = new HashMap<>(Map.of(
                "ridewire.aws.region", "us-east-1",
                "ridewire.aws.local-credentials", true,
                "ridewire.aws.dynamodb-endpoint", "http://127.0.0.1:9", // never called here
                "ridewire.redis.uri", "redis://127.0.0.1:9"));
        properties.putAll(extra);
        return ApplicationContext.builder().properties(properties).start();
    }
}
