package io.ridewire.e2e;

import io.ridewire.local.LocalStack;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.ridewire.model.identity.Role;
import io.ridewire.local.testing.TestStacks;
import io.ridewire.local.testing.WsClient;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** The REST API (api-proxy handler) served by the local stack. */
class RestApiIT {
    private final LocalStack stack = TestStacks.shared();
    private final JsonMapper json = stack.context().getBean(JsonMapper.class);
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.gateway().restEndpoint() + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void micronautsOwnErrors_answerWithTheBodyOfEveryRestError() throws Exception {
        String customer = stack.tokens().mint(Role.CUSTOMER, TestStacks.uniqueId("customer"));
        URI orders = URI.create(stack.gateway().restEndpoint() + "/orders");
        HttpResponse<String> wrongMethod = http.send(HttpRequest.newBuilder(orders).DELETE()
                .header("Authorization", "Bearer " + customer).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> wrongType = http.send(HttpRequest.newBuilder(orders)
                .POST(HttpRequest.BodyPublishers.ofString("x")).header("Content-Type", "text/plain")
                .header("Authorization", "Bearer " + customer).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> noRoute = get("/no-such-route", customer);

        assertError(wrongMethod, 405, "method_not_allowed");
        assertError(wrongType, 415, "unsupported_media_type");
        assertError(noRoute, 404, "not_found");
    }

    private void assertError(HttpResponse<String> response, int status, String error) throws IOException {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        JsonNode body = json.readValue(response.body(), JsonNode.class);
        assertThat(WsClient.text(body, "error")).as(response.body()).isEqualTo(error);
        assertThat(WsClient.text(body, "message")).isNotBlank();
        assertThat(body.get("_embedded")).isNull();
    }

    @Test
    void health_checksEveryBackingService() throws Exception {
        HttpResponse<String> response = get("/health", null);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json.readValue(response.body(), JsonNode.class);
        assertThat(WsClient.text(body, "status")).isEqualTo("UP");
        assertThat(WsClient.text(body, "checks.dynamodb")).isEqualTo("UP");
        assertThat(WsClient.text(body, "checks.redis")).isEqualTo("UP");
        assertThat(WsClient.text(body, "checks.nats")).isEqualTo("UP");
    }

    @Test
    void stats_countsLiveConnectionsByRole_forAnAdmin() throws Exception {
        String admin = stack.tokens().mint(Role.ADMIN, TestStacks.uniqueId("admin"));
        long driversBefore = Long.parseLong(WsClient.text(
                json.readValue(get("/ws/stats", admin).body(), JsonNode.class), "connections_by_role.driver"));
        try (WsClient driver = WsClient.connectWithHeader(stack.webSocketUri(),
                stack.tokens().mint(Role.DRIVER, TestStacks.uniqueId("driver")), json)) {
            driver.await("connection.established");
            HttpResponse<String> response = get("/ws/stats", admin);
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode stats = json.readValue(response.body(), JsonNode.class);
            assertThat(Long.parseLong(WsClient.text(stats, "connections_by_role.driver"))).isEqualTo(driversBefore + 1);
            assertThat(Long.parseLong(WsClient.text(stats, "total_connections"))).isGreaterThanOrEqualTo(driversBefore + 1);
            assertThat(WsClient.text(stats, "active_drivers")).isEqualTo(WsClient.text(stats, "connections_by_role.driver"));
        }
    }

    @Test
    void stats_refusesANonAdmin_with403AndAJsonBody() throws Exception {
        HttpResponse<String> response = get("/ws/stats", stack.tokens().mint(Role.DRIVER, TestStacks.uniqueId("driver")));
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(WsClient.text(json.readValue(response.body(), JsonNode.class), "error")).isEqualTo("forbidden");
    }

    @Test
    void stats_refusesAnonymousCallers_with401() throws Exception {
        HttpResponse<String> response = get("/ws/stats", null);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(WsClient.text(json.readValue(response.body(), JsonNode.class), "error")).isEqualTo("unauthorized");
    }

    @Test
    void devTokenEndpoint_mintsAUsableToken_andRejectsAnUnknownRole() throws Exception {
        HttpResponse<String> minted = get("/_local/token?role=passenger&sub=" + TestStacks.uniqueId("p"), null);
        assertThat(minted.statusCode()).isEqualTo(200);
        String token = WsClient.text(json.readValue(minted.body(), JsonNode.class), "token");
        try (WsClient client = WsClient.connectWithQuery(stack.webSocketUri(), token, json)) {
            assertThat(WsClient.text(client.await("connection.established"), "payload.role")).isEqualTo("passenger");
        }
        assertThat(get("/_local/token?role=pilot&sub=x", null).statusCode()).isEqualTo(400);
    }
}
