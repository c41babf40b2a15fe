package io.ridewire.e2e;

import io.ridewire.local.LocalStack;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.ridewire.model.identity.Role;
import io.ridewire.local.testing.TestStacks;
import io.ridewire.local.testing.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.ridewire.local.testing.WsClient.text;
import static org.assertj.core.api.Assertions.assertThat;

/** Per-user, per-event-type limits in Redis, with a short window so the test can watch it recover. */
class RateLimitIT {
    private static LocalStack stack;
    private static JsonMapper json;

    @BeforeAll
    static void start() {
        stack = TestStacks.start(b -> b.property("ridewire.rate-limit.overrides", "ping=3/2s"));
        json = stack.context().getBean(JsonMapper.class);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void theLimitTripsAtTheConfiguredCount_andRecoversAfterTheWindow() throws InterruptedException {
        try (WsClient client = WsClient.connectWithHeader(stack.webSocketUri(),
                stack.tokens().mint(Role.DRIVER, TestStacks.uniqueId("driver")), json)) {
            client.await("connection.established");
            for (int i = 1; i <= 3; i++) {
                client.send("{\"type\":\"ping\",\"id\":\"p" + i + "\"}");
                assertThat(text(client.await("pong"), "id")).isEqualTo("p" + i);
            }
            client.send("{\"type\":\"ping\",\"id\":\"p4\"}");
            JsonNode limited = client.await("error.rate_limit");
            assertThat(text(limited, "id")).isEqualTo("p4");
            assertThat(text(limited, "payload.limit")).isEqualTo("3");
            assertThat(text(limited, "payload.window_seconds")).isEqualTo("2");
            assertThat(Long.parseLong(text(limited, "payload.retry_after_seconds"))).isBetween(1L, 2L);
            client.assertNone("pong", Duration.ofMillis(300));

            Thread.sleep(2_100);
            client.send("{\"type\":\"ping\",\"id\":\"p5\"}");
            assertThat(text(client.await("pong"), "id")).isEqualTo("p5");
        }
    }

    @Test
    void limitsAreCountedPerUser() {
        try (WsClient a = WsClient.connectWithHeader(stack.webSocketUri(),
                stack.tokens().mint(Role.DRIVER, TestStacks.uniqueId("driver")), json);
             WsClient b = WsClient.connectWithHeader(stack.webSocketUri(),
                     stack.tokens().mint(Role.DRIVER, TestStacks.uniqueId("driver")), json)) {
            a.await("connection.established");
            b.await("connection.established");
            for (int i = 0; i < 4; i++) {
                a.send("{\"type\":\"ping\"}");
            }
            a.await("error.rate_limit");
            b.send("{\"type\":\"ping\",\"id\":\"b1\"}");
            assertThat(text(b.await("pong"), "id")).isEqualTo("b1");
        }
    }

    @Test
    void unknownTypesShareTheDefaultRouteLimit() {
        try (WsClient client = WsClient.connectWithHeader(stack.webSocketUri(),
                stack.tokens().mint(Role.DRIVER, TestStacks.uniqueId("driver")), json)) {
            client.await("connection.established");
            for (int i = 0; i < 10; i++) {
                client.send("{\"type\":\"unknown-" + i + "\"}");
            }
            // default limit 10 per 60 s applies to $default as a whole: the 11th unknown type is limited
            client.send("{\"type\":\"unknown-11\"}");
            assertThat(text(client.await("error.rate_limit"), "payload.original_event_type")).isEqualTo("$default");
        }
    }
}
