package io.ridewire.e2e.security;

import io.micronaut.json.JsonMapper;
import io.ridewire.model.identity.Role;
import io.ridewire.local.LocalStack;
import io.ridewire.local.testing.RestClient;
import io.ridewire.local.testing.TestStacks;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** REST requests count against the same per-user limits as WebSocket messages, per route. */
class RestRateLimitIT {
    private final LocalStack stack = TestStacks.shared();
    private final RestClient rest = new RestClient(stack.gateway().restEndpoint(), stack.context().getBean(JsonMapper.class));

    @Test
    void aBurstOfOrders_isCutOffWith429AndRetryAfter_andOtherRoutesAndUsersAreUnaffected() {
        String customer = stack.tokens().mint(Role.CUSTOMER, TestStacks.uniqueId("customer"));
        List<Integer> statuses = new ArrayList<>();
        RestClient.Response last = null;
        for (int i = 0; i < 12; i++) {
            // an invalid body is refused by the controller, but still counts: the limit comes first
            last = rest.post("/orders", customer, "{}");
            statuses.add(last.status());
        }
        assertThat(statuses.subList(0, 10)).containsOnly(400);
        assertThat(statuses.subList(10, 12)).containsOnly(429);
        assertThat(last.text("error")).isEqualTo("rate_limited");
        assertThat(last.text("message")).contains("POST /orders");
        assertThat(Long.parseLong(last.header("Retry-After"))).isBetween(1L, 60L);

        assertThat(rest.get("/orders/active", customer).status()).isEqualTo(200);
        String other = stack.tokens().mint(Role.CUSTOMER, TestStacks.uniqueId("customer"));
        assertThat(rest.post("/orders", other, "{}").status()).isEqualTo(400);
    }
}
