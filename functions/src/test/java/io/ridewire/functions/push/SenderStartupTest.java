package io.ridewire.functions.push;

import io.micronaut.context.ApplicationContext;
import io.ridewire.functions.aws.ManagementApi;
import io.ridewire.functions.push.Delivery.Outcome;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A function that never posts (most cold {@code $connect}s) never builds the management API's SDK client. */
class SenderStartupTest {

    @Test
    void theManagementClientIsBuiltByTheFirstPost_notWithTheSender() {
        try (ApplicationContext context = ApplicationContext.builder().properties(Map.of(
                // nothing listens there: the post fails, after building the client
                "ridewire.aws.management-endpoint", "http://127.0.0.1:9/test",
                "ridewire.aws.management-timeout", "500ms",
                "ridewire.aws.region", "us-east-1",
                "ridewire.aws.local-credentials", true,
                "ridewire.redis.uri", "redis://127.0.0.1:9")).start()) { // never connected here
            Sender sender = context.getBean(Sender.class);
            assertThat(context.getActiveBeanRegistrations(ManagementApi.class)).as("built with the sender").isEmpty();

            Outcome outcome = sender.post("c1=", "{}".getBytes(StandardCharsets.UTF_8));

            assertThat(outcome).isEqualTo(Outcome.FAILED);
            assertThat(context.getActiveBeanRegistrations(ManagementApi.class)).hasSize(1);
        }
    }
}
