package io.ridewire.e2e.bridge;

import io.ridewire.e2e.fixtures.BridgeProcess;
import io.ridewire.e2e.fixtures.Events;

import io.micronaut.json.JsonMapper;
import io.ridewire.model.identity.Role;
import io.ridewire.local.LocalStack;
import io.ridewire.local.testing.Eventually;
import io.ridewire.local.testing.TestStacks;
import io.ridewire.local.testing.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A bridge process's {@code /metrics}, scraped as Prometheus text, counts what it did: no more, no less. */
class BridgeMetricsIT {
    private static LocalStack stack;

    @BeforeAll
    static void start() {
        // no in-process bridge: the process under test takes every message
        stack = TestStacks.start(b -> b.bridge(false));
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    private static double delta(Map<String, Double> after, Map<String, Double> before, String sample) {
        return after.getOrDefault(sample, 0.0) - before.getOrDefault(sample, 0.0);
    }

    @Test
    void deliveredAndDeadLetteredMessages_moveTheCountersByExactlyThatMuch() throws Exception {
        Events events = new Events(stack);
        JsonMapper json = stack.context().getBean(JsonMapper.class);
        String user = TestStacks.uniqueId("passenger");
        try (BridgeProcess bridge = BridgeProcess.start(stack, Map.of());
             WsClient client = WsClient.connectWithHeader(stack.webSocketUri(), stack.tokens().mint(Role.PASSENGER, user), json)) {
            client.await("connection.established");
            Eventually.until(() -> scrape(bridge).getOrDefault("ridewire_bridge_ready", 0.0) == 1.0);
            Map<String, Double> before = bridge.scrape();

            for (int i = 0; i < 3; i++) {
                events.publish("notification.message", "notification-service",
                        "{\"user_id\":\"" + user + "\",\"title\":\"n" + i + "\"}");
                client.await("notification.message");
            }
            events.raw("notification.message", "not json");
            Eventually.until(() -> delta(scrape(bridge), before, "ridewire_bridge_dead_lettered_total") >= 1,
                    Duration.ofSeconds(30));
            client.assertNone("notification.message", Duration.ofMillis(500));

            Map<String, Double> after = bridge.scrape();
            assertThat(delta(after, before, "ridewire_bridge_messages_total")).isEqualTo(4.0);
            assertThat(delta(after, before, "ridewire_bridge_deliveries_total")).isEqualTo(3.0);
            assertThat(delta(after, before, "ridewire_bridge_dead_lettered_total")).isEqualTo(1.0);
            assertThat(delta(after, before, "ridewire_bridge_failures_total")).isZero();
            assertThat(delta(after, before, "ridewire_bridge_retries_total")).isZero();
            assertThat(delta(after, before, "ridewire_bridge_dlq_depth")).isEqualTo(1.0);
            assertThat(after.get("ridewire_bridge_ready")).isEqualTo(1.0);
            assertThat(after).containsKey("ridewire_bridge_consumer_lag{subject=\"notification.message\"}");
            assertThat(bridge.healthBody("/metrics")).contains("# TYPE ridewire_bridge_deliveries_total counter");
        }
    }

    private static Map<String, Double> scrape(BridgeProcess bridge) {
        try {
            return bridge.scrape();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
