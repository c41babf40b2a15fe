package io.ridewire.e2e.security;

import io.micronaut.json.JsonMapper;
import io.ridewire.model.identity.Role;
import io.ridewire.local.LocalStack;
import io.ridewire.local.testing.RestClient;
import io.ridewire.local.testing.TestStacks;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** Ids in REST paths and the Idempotency-Key header are bounded before any controller uses them as keys. */
class RestInputBoundsIT {
    private final LocalStack stack = TestStacks.shared();
    private final JsonMapper json = stack.context().getBean(JsonMapper.class);
    private final RestClient rest = new RestClient(stack.gateway().restEndpoint(), json);

    @Test
    void anOversizedOrMalformedPathId_isAValidationError_notAServerError() {
        String customer = stack.tokens().mint(Role.CUSTOMER, TestStacks.uniqueId("customer"));
        RestClient.Response tooLong = rest.get("/orders/" + "o".repeat(3000), customer);
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.text("field")).isEqualTo("id");
        assertThat(tooLong.text("code")).isEqualTo("TOO_LONG");
        RestClient.Response spaces = rest.get("/wallets/a!b", customer);
        assertThat(spaces.status()).isEqualTo(400);
        assertThat(spaces.text("code")).isEqualTo("INVALID_CHARACTERS");
        assertThat(rest.get("/orders/ord-does-not-exist", customer).status()).isEqualTo(404);
    }

    @Test
    void anOversizedIdempotencyKey_isAValidationError() throws IOException, InterruptedException {
        String customer = stack.tokens().mint(Role.CUSTOMER, TestStacks.uniqueId("customer"));
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        stack.gateway().restEndpoint().resolve("/orders"))
                .header("Authorization", "Bearer " + customer)
                .header("Idempotency-Key", "k".repeat(3000))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("Idempotency-Key").contains("TOO_LONG");
    }
}
