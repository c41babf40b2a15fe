package io.ridewire.e2e;

import io.ridewire.local.FreePorts;
import io.ridewire.local.LocalStack;

import io.micronaut.json.JsonMapper;
import io.ridewire.model.identity.Role;
import io.ridewire.local.testing.TestStacks;
import io.ridewire.local.testing.WsClient;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static io.ridewire.local.testing.WsClient.text;
import static org.assertj.core.api.Assertions.assertThat;

/** With Redis unreachable, rate limiting fails open (messages are processed) and /health says so. */
class RedisDownIT {

    @Test
    void messagesAreStillProcessed_andHealthReportsRedisDown() throws Exception {
        int deadPort = FreePorts.next();
        try (LocalStack stack = TestStacks.start(b -> b.manageServices(false)
                .redisUri("redis://127.0.0.1:" + deadPort)
                .property("ridewire.rate-limit.overrides", "ping=1/60s"))) {
            JsonMapper json = stack.context().getBean(JsonMapper.class);
            try (WsClient client = WsClient.connectWithHeader(stack.webSocketUri(),
                    stack.tokens().mint(Role.DRIVER, TestStacks.uniqueId("driver")), json)) {
                client.await("connection.established");
                for (int i = 0; i < 3; i++) {
                    client.send("{\"type\":\"ping\",\"id\":\"p" + i + "\"}");
                    assertThat(text(client.await("pong"), "id")).isEqualTo("p" + i);
                }
            }
            HttpResponse<String> health = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(stack.gateway().restEndpoint() + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(health.body()).contains("\"redis\":\"DOWN\"").contains("\"dynamodb\":\"UP\"");
        }
    }
}
