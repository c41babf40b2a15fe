package io.ridewire.local.faults;

import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.ridewire.model.identity.Role;
import io.ridewire.local.DevTokens;
import io.ridewire.local.testing.Eventually;
import io.ridewire.local.testing.RestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./ridewire up --persist DIR} killed with {@code kill -9} and started again on the same DIR: orders, wallets,
 * inboxes and their seqs are all still there, new events continue the sequence, and the Redis and nats-server of
 * the killed stack did not stay behind.
 */
class PersistRestartTest {

    @Test
    void persistedStackKilledAndRestarted_ordersWalletsInboxesAndSeqsIntact_noOrphans(@TempDir Path dir)
            throws Exception {
        DevTokens tokens = new DevTokens(DevTokens.LOCAL_SECRET, Clock.systemUTC());
        String customer = "customer-" + UUID.randomUUID().toString().substring(0, 8);
        String store = "store-" + UUID.randomUUID().toString().substring(0, 8);
        String customerToken = tokens.mint(Role.CUSTOMER, customer);
        String merchantToken = tokens.mint(Role.MERCHANT, "merchant-1", store, Duration.ofHours(1));
        String admin = tokens.mint(Role.ADMIN, "admin-1");
        String orderBody = "{\"type\":\"delivery\",\"store_id\":\"" + store + "\",\"items\":[{\"sku\":\"a\",\"qty\":1}],"
                + "\"pickup\":{\"lat\":-6.2,\"lng\":106.8},\"drop\":{\"lat\":-6.23,\"lng\":106.8}}";

        try (ApplicationContext serde = ApplicationContext.run()) {
            JsonMapper json = serde.getBean(JsonMapper.class);
            String orderId;
            JsonNode eventsBefore;
            List<ProcessHandle> children;
            try (StackProcess first = StackProcess.start(dir)) {
                RestClient rest = new RestClient(first.rest(), json);
                assertThat(rest.post("/wallets/" + customer + "/top-up", admin, "{\"amount\":50000}", "t-1").status())
                        .isEqualTo(200);
                RestClient.Response placed = rest.post("/orders", customerToken, orderBody, "o-1");
                assertThat(placed.status()).as(placed.raw()).isEqualTo(201);
                orderId = placed.text("order_id");
                RestClient.Response accepted = rest.post("/orders/" + orderId + "/status", merchantToken,
                        "{\"status\":\"accepted_by_merchant\"}");
                assertThat(accepted.status()).as(accepted.raw()).isEqualTo(200);
                Eventually.until(() -> rest.get("/events?since=0", customerToken).body().get("events").size() >= 1);
                eventsBefore = rest.get("/events?since=0", customerToken).body();
                children = first.children();
                assertThat(children).as("the stack's Redis and nats-server").isNotEmpty();
                first.kill();
            }
            // no orphans: the servers noticed their parent was gone
            Eventually.until(() -> children.stream().noneMatch(ProcessHandle::isAlive), Duration.ofSeconds(15));

            try (StackProcess second = StackProcess.start(dir)) {
                RestClient rest = new RestClient(second.rest(), json);
                RestClient.Response order = rest.get("/orders/" + orderId, customerToken);
                assertThat(order.status()).as(order.raw()).isEqualTo(200);
                assertThat(order.text("status")).isEqualTo("accepted_by_merchant");
                assertThat(rest.get("/wallets/" + customer, customerToken).text("balance")).isEqualTo("50000");
                // a retried top-up with the same key is still recognised: credited once
                assertThat(rest.post("/wallets/" + customer + "/top-up", admin, "{\"amount\":50000}", "t-1")
                        .text("balance")).isEqualTo("50000");

                JsonNode eventsAfter = rest.get("/events?since=0", customerToken).body();
                assertThat(eventsAfter.get("events").size()).isEqualTo(eventsBefore.get("events").size());
                assertThat(text(eventsAfter, "last_seq")).isEqualTo(text(eventsBefore, "last_seq"));
                for (int i = 0; i < eventsBefore.get("events").size(); i++) {
                    assertThat(text(eventsAfter.get("events").get(i), "id"))
                            .isEqualTo(text(eventsBefore.get("events").get(i), "id"));
                    assertThat(text(eventsAfter.get("events").get(i), "seq"))
                            .isEqualTo(text(eventsBefore.get("events").get(i), "seq"));
                }

                // new events continue the sequence instead of starting again at 1
                long lastSeq = Long.parseLong(text(eventsBefore, "last_seq"));
                assertThat(rest.post("/orders/" + orderId + "/status", merchantToken, "{\"status\":\"preparing\"}")
                        .status()).isEqualTo(200);
                Eventually.until(() -> Long.parseLong(text(rest.get("/events?since=0", customerToken).body(),
                        "last_seq")) > lastSeq);
                JsonNode next = rest.get("/events?since=" + lastSeq, customerToken).body();
                assertThat(text(next.get("events").get(0), "seq")).isEqualTo(Long.toString(lastSeq + 1));
            }
        }
    }

    private static String text(JsonNode node, String path) {
        return io.ridewire.local.testing.WsClient.text(node, path);
    }
}
