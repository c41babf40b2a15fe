package io.ridewire.e2e.bridge;

import io.ridewire.bridge.ops.BridgeMetrics;
import io.ridewire.e2e.fixtures.Events;

import io.micronaut.json.JsonMapper;
import io.ridewire.model.identity.Role;
import io.ridewire.local.LocalStack;
import io.ridewire.local.testing.ServerProcess;
import io.ridewire.local.testing.TestStacks;
import io.ridewire.local.testing.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.ridewire.local.testing.WsClient.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis is killed ({@code kill -9}, a Redis of this class's own) under a running bridge: a direct route's event still
 * reaches the connection, posted without the delivery ledger and counted as such, and once Redis is back events keep
 * flowing. Before, every claim failed, the message was nak'ed through its retries and parked on the DLQ.
 */
class BridgeRedisOutageIT {
    private static final String UNLEDGERED = "ridewire_bridge_unledgered_total";
    private static ServerProcess redis;
    private static LocalStack stack;

    @BeforeAll
    static void start() {
        redis = ServerProcess.redis();
        stack = TestStacks.start(b -> b.redisUri(redis.redisUri()));
    }

    @AfterAll
    static void stop() {
        stack.close();
        redis.close();
    }

    private static String notification(String user, String title) {
        return "{\"user_id\":\"" + user + "\",\"title\":\"" + title + "\",\"message\":\"m\"}";
    }

    private static double unledgered() {
        for (String line : stack.context().getBean(BridgeMetrics.class).scrape().split("\n")) {
            if (line.startsWith(UNLEDGERED + " ")) {
                return Double.parseDouble(line.substring(UNLEDGERED.length() + 1));
            }
        }
        throw new AssertionError("no " + UNLEDGERED + " in /metrics");
    }

    @Test
    void withRedisDown_aDirectEventIsStillPosted_andCountedAsUnledgered_thenDeliveryContinuesWhenItIsBack() {
        Events events = new Events(stack);
        JsonMapper json = stack.context().getBean(JsonMapper.class);
        String user = TestStacks.uniqueId("passenger");
        try (WsClient client = WsClient.connectWithHeader(stack.webSocketUri(),
                stack.tokens().mint(Role.PASSENGER, user), json)) {
            client.await("connection.established");
            String before = events.publish("notification.message", "notification-service",
                    notification(user, "before"));
            assertThat(text(client.await("notification.message"), "id")).isEqualTo(before);
            double counted = unledgered();

            redis.kill();
            String during;
            try {
                during = events.publish("notification.message", "notification-service", notification(user, "during"));
                // the old relay's retries (1 + 2 + 4 + 8 s) all fall within this wait, none of them posting
                assertThat(text(client.await("notification.message", Duration.ofSeconds(15)), "id")).isEqualTo(during);
                assertThat(unledgered()).as("posted without the ledger").isGreaterThan(counted);
            } finally {
                redis.start();
            }

            String after = events.publish("notification.message", "notification-service", notification(user, "after"));
            // at least once: a repeat of "during" (same id) is allowed, a loss of "after" is not
            assertThat(text(client.await(m -> "notification.message".equals(text(m, "type"))
                    && after.equals(text(m, "id")), Duration.ofSeconds(15), "the event after the outage"), "id"))
                    .isEqualTo(after);
        }
    }
}
