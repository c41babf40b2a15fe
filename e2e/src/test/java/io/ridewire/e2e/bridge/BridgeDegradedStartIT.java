package io.ridewire.e2e.bridge;

import io.ridewire.e2e.fixtures.BridgeProcess;

import io.ridewire.local.LocalStack;
import io.ridewire.local.testing.TestStacks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The first deploy: the NATS URL secret still holds the stack's placeholder ({@code nats://nats.invalid:4222}). The
 * bridge stays up, degraded, says why in its log and on {@code /ready} — which still answers 200, so the container
 * health check does not replace a task that no restart would fix — and {@code /health} shows NATS down.
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
}
