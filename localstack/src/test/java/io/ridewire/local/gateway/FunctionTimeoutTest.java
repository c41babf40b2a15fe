package io.ridewire.local.gateway;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.ridewire.local.LocalStack;
import io.ridewire.local.testing.TestStacks;
import io.ridewire.local.testing.WsClient;
import io.ridewire.model.identity.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** A route's function that outlives its timeout (10 s, as deployed) fails the integration, as on AWS. */
class FunctionTimeoutTest {
    private final LocalStack stack = TestStacks.shared();

    @AfterEach
    void clearFaults() {
        stack.gateway().faults().clear();
    }

    @Test
    void aRouteSlowerThanItsTimeout_answersTheIntegrationFailure() {
        JsonMapper json = stack.context().getBean(JsonMapper.class);
        try (WsClient client = WsClient.connectWithHeader(stack.webSocketUri(),
                stack.tokens().mint(Role.DRIVER, TestStacks.uniqueId("driver")), json)) {
            client.await("connection.established");
            // far past the timeout, so the failure can only come from the timeout, however slow the machine
            stack.gateway().faults().slowNext("ping", 1, Duration.ofMinutes(2));
            client.send("{\"type\":\"ping\",\"id\":\"slow\"}");

            JsonNode failure = client.await(m -> "Internal server error".equals(WsClient.text(m, "message")),
                    Duration.ofSeconds(60), "the integration failure");
            assertThat(WsClient.text(failure, "connectionId")).isNotBlank();
            assertThat(WsClient.text(failure, "requestId")).isNotBlank();
        }
    }
}
