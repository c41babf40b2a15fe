package io.ridewire.e2e.bridge;

import io.ridewire.bridge.Bridge;
import io.ridewire.e2e.fixtures.BridgeProcess;
import io.ridewire.e2e.fixtures.Events;

import io.ridewire.local.LocalStack;
import io.ridewire.local.testing.TestStacks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The first deploy: the NATS URL secret still holds the stack's placeholder ({@code nats://nats.invalid:4222}). The
 * bridge stays up, degraded, says why in its log and on {@code /ready} — which still answers 200, so the container
 * health check does not replace a task that no restart would fix — and {@code /health} shows NATS down. A start
 * that fails part-way leaves nothing consuming behind it for the retry.
 */
class BridgeDegradedStartIT {
    private static LocalStack stack;

    @BeforeAll
    static void start() {
        stack = TestStacks.shared();
    }

    @Test
    void placeholderNatsUrl_bridgeRunsDegraded_andSaysSo() throws Exception {
        try (BridgeProcess bridge = BridgeProcess.start(stack, Map.of("RIDEWIRE_NATS_URL", "nats://nats.invalid:4222"))) {
            assertThat(bridge.isAlive()).isTrue();
            assertThat(bridge.healthStatus("/ready")).isEqualTo(200);
            assertThat(bridge.healthBody("/ready")).contains("\"ready\":false").contains("\"state\":\"UNCONFIGURED\"")
                    .contains("nats-url secret");
            assertThat(bridge.healthStatus("/health")).isEqualTo(503);
            assertThat(String.join("\n", bridge.output())).contains("bridge degraded (UNCONFIGURED)")
                    .doesNotContain("Exception in thread \"main\"");
        }
    }

    @Test
    void unreachableConfiguredNats_isNotReady_503() throws Exception {
        try (BridgeProcess bridge = BridgeProcess.start(stack, Map.of("RIDEWIRE_NATS_URL", "nats://127.0.0.1:1"))) {
            assertThat(bridge.isAlive()).isTrue();
            assertThat(bridge.healthStatus("/ready")).isEqualTo(503);
            assertThat(bridge.healthBody("/ready")).contains("\"state\":\"UNREACHABLE\"");
        }
    }

    @Test
    void aStartThatFailsPartWay_leavesNoRouteConsuming() throws Exception {
        // the second route has no stream, so each start fails after the first route's consumer was started
        Path routes = Files.createTempFile("routes", ".json");
        Files.writeString(routes, """
                {"routes": [
                  {"subject": "notification.message", "event": "notification.message", "category": "notification",
                   "recipients": ["user:data.user_id"]},
                  {"subject": "nowhere.covered", "event": "notification.message", "recipients": ["user:data.user_id"]}
                ]}""");
        try (LocalStack own = TestStacks.start(b -> b.bridge(false).property("ridewire.bridge.routes-file", routes.toString()))) {
            Bridge bridge = own.context().getBean(Bridge.class);
            for (int retry = 0; retry < 3; retry++) {
                assertThatThrownBy(bridge::start).isInstanceOf(IOException.class)
                        .hasMessageContaining("no stream covers nowhere.covered");
            }
            bridge.close();
            double taken = bridge.metrics().messages.count();

            new Events(own).publish("notification.message", "notification-service", "{\"user_id\":\"nobody\"}");
            Thread.sleep(3_000);
            assertThat(bridge.metrics().messages.count()).as("no consumer of a failed start is left relaying")
                    .isEqualTo(taken);
        } finally {
            Files.delete(routes);
        }
    }
}
