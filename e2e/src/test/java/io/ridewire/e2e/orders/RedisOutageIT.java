package io.ridewire.e2e.orders;

import io.ridewire.e2e.fixtures.OrderFixtures;

import io.micronaut.json.tree.JsonNode;
import io.ridewire.functions.deadlines.Deadlines;
import io.ridewire.model.identity.Role;
import io.ridewire.local.LocalStack;
import io.ridewire.e2e.fixtures.OrderFixtures.Person;
import io.ridewire.local.testing.Eventually;
import io.ridewire.local.testing.RestClient;
import io.ridewire.local.testing.ServerProcess;
import io.ridewire.local.testing.TestStacks;
import io.ridewire.local.testing.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static io.ridewire.e2e.fixtures.OrderFixtures.awaitFor;
import static io.ridewire.local.testing.WsClient.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis is killed ({@code kill -9}, a Redis of this class's own, without persistence: it comes back empty) in the
 * middle of the order flows. Timers and follow-ups live in DynamoDB, so nothing a user relies on is lost: the
 * merchant's window still closes and the customer is told once Redis is back; an order placed while Redis is down
 * is either absent or fully scheduled, and retrying with the same {@code Idempotency-Key} returns it.
 */
class RedisOutageIT {
    private static final int WINDOW_SECONDS = 3;
    private static ServerProcess redis;
    private static LocalStack stack;
    private static OrderFixtures kit;

    @BeforeAll
    static void start() {
        redis = ServerProcess.redis();
        stack = TestStacks.start(b -> b.redisUri(redis.redisUri())
                .property("ridewire.orders.merchant-timeout", WINDOW_SECONDS + "s")
                .property("ridewire.delivery.redelivery-initial", "500ms")
                .property("ridewire.delivery.redelivery-max", "1s"));
        kit = new OrderFixtures(stack);
    }

    @AfterAll
    static void stop() {
        stack.close();
        redis.close();
    }

    @Test
    void redisKilledWithAMerchantWindowPending_orderIsCancelled_andTheCustomerToldOnceRedisIsBack() {
        String store = TestStacks.uniqueId("store");
        Person customer = kit.person(Role.CUSTOMER);
        try (WsClient customerWs = kit.connect(customer); WsClient merchantWs = kit.connect(kit.merchant(store))) {
            String orderId = kit.place(customer, kit.deliveryBody(store));
            awaitFor(merchantWs, "merchant:new_order", orderId);

            redis.kill();
            try {
                // the window closes while Redis is down: the order's truth is in DynamoDB, and so is its timer
                Eventually.until(() -> "cancelled".equals(text(kit.order(customer, orderId), "status")),
                        Duration.ofSeconds(WINDOW_SECONDS + 15));
            } finally {
                redis.start();
            }

            JsonNode told = customerWs.await(m -> "order:status_update".equals(text(m, "type"))
                    && orderId.equals(text(m, "payload.order_id"))
                    && "cancelled".equals(text(m, "payload.status")), Duration.ofSeconds(15), "cancellation");
            assertThat(text(told, "payload.reason")).isEqualTo("merchant_timeout");
            assertThat(text(kit.order(customer, orderId), "cancel_reason")).isEqualTo("merchant_timeout");
        }
    }

    @Test
    void redisDownDuringPlacing_theOrderIsAbsentOrFullyScheduled_andTheRetryWithTheSameKeyReturnsIt() {
        String store = TestStacks.uniqueId("store");
        Person customer = kit.person(Role.CUSTOMER);
        String key = UUID.randomUUID().toString();
        try (WsClient merchantWs = kit.connect(kit.merchant(store))) {
            RestClient.Response first;
            redis.kill();
            try {
                first = kit.rest.post("/orders", customer.token(), kit.deliveryBody(store), key);
                if (first.status() == 201) {
                    // placed: then its window is scheduled too, whatever Redis says
                    assertThat(stack.context().getBean(Deadlines.class)
                            .dueAt("order-merchant-timeout:" + first.text("order_id"))).isPresent();
                } else {
                    assertThat(first.status()).as(first.raw()).isGreaterThanOrEqualTo(500);
                }
            } finally {
                redis.start();
            }

            RestClient.Response retry = kit.rest.post("/orders", customer.token(), kit.deliveryBody(store), key);
            assertThat(retry.status()).as(retry.raw()).isIn(200, 201);
            String orderId = retry.text("order_id");
            if (first.status() == 201) {
                assertThat(retry.status()).isEqualTo(200);
                assertThat(orderId).isEqualTo(first.text("order_id"));
            }
            // fully scheduled: the merchant hears of it, and one order exists for this customer
            awaitFor(merchantWs, "merchant:new_order", orderId);
            assertThat(stack.context().getBean(Deadlines.class).dueAt("order-merchant-timeout:" + orderId)).isPresent();
            RestClient.Response active = kit.rest.get("/orders/active", customer.token());
            assertThat(active.body().get("orders").size()).as(active.raw()).isEqualTo(1);
        }
    }
}
