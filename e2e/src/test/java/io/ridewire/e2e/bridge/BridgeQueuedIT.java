package io.ridewire.e2e.bridge;

import io.ridewire.bridge.ops.BridgeMetrics;
import io.ridewire.bridge.relay.DeliveryLedger;
import io.ridewire.e2e.fixtures.Events;

import io.micronaut.json.JsonMapper;
import io.ridewire.model.identity.Role;
import io.ridewire.local.LocalStack;
import io.ridewire.local.testing.TestStacks;
import io.ridewire.local.testing.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.ridewire.local.testing.WsClient.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Messages that wait longer than the ack wait — queued in a lane behind a slow message of the same audience, or
 * held back by the route's in-flight bound — are handed over by JetStream once and relayed in their order. Before,
 * the lane's queue sent no progress and the consumer let 4× the in-flight bound be pending, so JetStream redelivered
 * the waiting messages every ack wait.
 */
class BridgeQueuedIT {
    private static final Duration ACK_WAIT = Duration.ofSeconds(2);
    private static LocalStack stack;

    @BeforeAll
    static void start() {
        // a short ack wait to outlast, and an in-flight bound of two: the third message waits for a permit
        stack = TestStacks.start(b -> b.property("ridewire.bridge.ack-wait", ACK_WAIT.toSeconds() + "s")
                .property("ridewire.bridge.max-in-flight", "2"));
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    private static String notification(String user, String title) {
        return "{\"user_id\":\"" + user + "\",\"title\":\"" + title + "\",\"message\":\"m\"}";
    }

    @Test
    void messagesWaitingLongerThanTheAckWait_areHandedOverOnce_andRelayedInOrder() {
        Events events = new Events(stack);
        JsonMapper json = stack.context().getBean(JsonMapper.class);
        BridgeMetrics metrics = stack.context().getBean(BridgeMetrics.class);
        DeliveryLedger ledger = stack.context().getBean(DeliveryLedger.class);
        String user = TestStacks.uniqueId("passenger");
        try (WsClient client = WsClient.connectWithHeader(stack.webSocketUri(),
                stack.tokens().mint(Role.PASSENGER, user), json)) {
            String connectionId = text(client.await("connection.established"), "payload.connection_id");
            double messages = metrics.messages.count();
            double deduplicated = metrics.deduplicated.count();

            // the first is slow: an attempt whose claim answer was lost holds its pair, and the relay waits for it
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                ids.add(UUID.randomUUID().toString());
            }
            assertThat(ledger.claimAll(ids.getFirst(), List.of(connectionId), "lost-answer"))
                    .containsEntry(connectionId, DeliveryLedger.Claim.CLAIMED);
            for (int i = 0; i < 3; i++) {
                events.raw("notification.message", Events.envelope(ids.get(i), "notification.message",
                        "notification-service", notification(user, "n" + i)));
            }
            client.assertNone("notification.message", ACK_WAIT.multipliedBy(3));
            ledger.release(ids.getFirst(), List.of(connectionId), "lost-answer");

            List<String> received = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                received.add(text(client.await("notification.message", Duration.ofSeconds(15)), "id"));
            }
            assertThat(received).containsExactlyElementsOf(ids);
            client.assertNone("notification.message", ACK_WAIT);
            assertThat(metrics.messages.count() - messages).as("messages JetStream handed over").isEqualTo(3.0);
            assertThat(metrics.deduplicated.count() - deduplicated).as("redelivered pairs dropped").isZero();
        }
    }
}
