package io.ridewire.e2e.security;

import io.ridewire.local.LocalStack;
import io.ridewire.local.testing.TestStacks;
import io.ridewire.model.identity.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** CORS on the REST API: browsers on the origins listed in ridewire.cors.allowed-origins, and no others. */
class BrowserOriginsIT {
    private static final String SHOP = "https://shop.example.com";
    private static LocalStack stack;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        stack = TestStacks.start(b -> b.property("ridewire.cors.allowed-origins", SHOP + ",https://admin.example.com"));
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void aListedOrigin_passesThePreflight_withoutAToken() throws Exception {
        HttpResponse<String> preflight = send(stack, HttpRequest.newBuilder(uri(stack, "/orders"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", SHOP)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type,idempotency-key"));

        assertThat(preflight.statusCode()).isEqualTo(200);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue(SHOP);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods")).hasValueSatisfying(
                methods -> assertThat(methods).contains("POST"));
        assertThat(String.join(",", preflight.headers().allValues("Access-Control-Allow-Headers")).toLowerCase())
                .contains("authorization", "content-type", "idempotency-key");
        assertThat(preflight.headers().allValues("Vary")).anySatisfy(vary -> assertThat(vary).contains("Origin"));
    }

    @Test
    void aListedOrigin_readsAnswersAndErrors() throws Exception {
        String customer = stack.tokens().mint(Role.CUSTOMER, TestStacks.uniqueId("customer"));
        HttpResponse<String> placed = send(stack, HttpRequest.newBuilder(uri(stack, "/orders")).header("Origin", SHOP)
                .header("Authorization", "Bearer " + customer).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"type\":\"taxi\",\"pickup\":{\"lat\":-6.2,\"lng\":106.8},\"drop\":{\"lat\":-6.21,\"lng\":106.8}}")));
        HttpResponse<String> anonymous = send(stack, HttpRequest.newBuilder(uri(stack, "/ws/stats")).header("Origin", SHOP));

        assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
        assertThat(placed.headers().firstValue("Access-Control-Allow-Origin")).hasValue(SHOP);
        assertThat(placed.headers().firstValue("Access-Control-Expose-Headers")).hasValueSatisfying(
                exposed -> assertThat(exposed).contains("Retry-After"));
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("Access-Control-Allow-Origin")).hasValue(SHOP);
    }

    @Test
    void anOriginNotListed_getsNoCorsHeaders_andNoneAreSentWhenNoneAreListed() throws Exception {
        HttpResponse<String> elsewhere = send(stack, HttpRequest.newBuilder(uri(stack, "/orders"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "https://evil.example.com")
                .header("Access-Control-Request-Method", "POST"));
        LocalStack unlisted = TestStacks.shared();
        HttpResponse<String> byDefault = send(unlisted, HttpRequest.newBuilder(uri(unlisted, "/health")).header("Origin", SHOP));

        assertThat(elsewhere.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(elsewhere.statusCode()).isGreaterThanOrEqualTo(400);
        assertThat(byDefault.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    private HttpResponse<String> send(LocalStack target, HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(LocalStack target, String path) {
        return URI.create(target.gateway().restEndpoint() + path);
    }
}
