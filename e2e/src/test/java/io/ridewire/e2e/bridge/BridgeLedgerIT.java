package io.ridewire.e2e.bridge;

import io.ridewire.bridge.relay.DeliveryLedger;
import io.ridewire.e2e.fixtures.Events;

import io.micronaut.json.JsonMapper;
import io.ridewire.model.identity.Role;
import io.ridewire.local.LocalStack;
import io.ridewire.local.testing.TestStacks;
import io.ridewire.local.testing.WsClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.ridewire.local.testing.WsClient.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The delivery ledger: a message JetStream hands over again (a redelivery, a publisher's retry) reaches no connection
 * twice, and a connection that joins between the two copies still gets it once.
 */
class BridgeLedgerIT {
    private final LocalStack stack = TestStacks.shared();
    private final JsonMapper json = stack.context().getBean(JsonMapper.class);
    private final Events events = new Events(stack);

    /**
     * Publishes a notification for {@code user} while an attempt whose claim was made but whose answer was lost (a
     * Redis timeout) holds its pair with {@code connectionId} for the claim's lease; returns its event id.
     */
    private String publishHeld(DeliveryLedger ledger, String user, String connectionId, String title) {
        String eventId = UUID.randomUUID().toString();
        assertThat(ledger.claimAll(eventId, List.of(connectionId), "lost-answer"))
                .containsEntry(connectionId, DeliveryLedger.Claim.CLAIMED);
        events.raw("notification.message", Events.envelope(eventId, "notification.message", "notification-service",
                notification(user, title)));
        return eventId;
    }

    private static String notification(String user, String title) {
        return "{\"user_id\":\"" + user + "\",\"title\":\"" + title + "\",\"message\":\"m\"}";
    }

    @Test
    void theSameEventTwice_reachesTheConnectionOnce() {
        String user = TestStacks.uniqueId("passenger");
        try (WsClient client = WsClient.connectWithHeader(stack.webSocketUri(), stack.tokens().mint(Role.PASSENGER, user), json)) {
            client.await("connection.established");
            String eventId = UUID.randomUUID().toString();
            String body = Events.envelope(eventId, "notification.message", "notification-service", notification(user, "once"));
            events.raw("notification.message", body);
            events.raw("notification.message", body);

            assertThat(text(client.await("notification.message"), "id")).isEqualTo(eventId);
            client.assertNone("notification.message", Duration.ofSeconds(1));
        }
    }

    @Test
    void aPairAnotherAttemptHolds_isTriedAgainUntilItIsGivenBack_notDeadLettered() {
        String user = TestStacks.uniqueId("passenger");
        try (WsClient client = WsClient.connectWithHeader(stack.webSocketUri(), stack.tokens().mint(Role.PASSENGER, user), json)) {
            String connectionId = text(client.await("connection.established"), "payload.connection_id");
            DeliveryLedger ledger = stack.context().getBean(DeliveryLedger.class);
            String eventId = publishHeld(ledger, user, connectionId, "held");

            // longer than the default policy's five retries (1 + 2 + 4 + 8 + 16 s), after which it was dead-lettered;
            // half-way the holder claims again, which moves its lease on, so the hold outlasts the wait on a slow host
            client.assertNone("notification.message", Duration.ofSeconds(16));
            assertThat(ledger.claimAll(eventId, List.of(connectionId), "lost-answer"))
                    .containsEntry(connectionId, DeliveryLedger.Claim.CLAIMED);
            client.assertNone("notification.message", Duration.ofSeconds(17));
            ledger.release(eventId, List.of(connectionId), "lost-answer");

            assertThat(text(client.await("notification.message"), "id")).isEqualTo(eventId);
            client.assertNone("notification.message", Duration.ofSeconds(1));
        }
    }

    @Test
    void waitingOnAHolder_leavesTheRetries_toAPostThatFailsAfterwards() {
        String user = TestStacks.uniqueId("passenger");
        try (WsClient client = WsClient.connectWithHeader(stack.webSocketUri(), stack.tokens().mint(Role.PASSENGER, user), json)) {
            String connectionId = text(client.await("connection.established"), "payload.connection_id");
            DeliveryLedger ledger = stack.context().getBean(DeliveryLedger.class);
            String eventId = publishHeld(ledger, user, connectionId, "held, then failed once");

            // longer than the default policy's five retries at its first delay (1 s), which the wait used to count
            client.assertNone("notification.message", Duration.ofSeconds(8));
            stack.gateway().faults().failNextPosts(1, 500);
            try {
                ledger.release(eventId, List.of(connectionId), "lost-answer");

                assertThat(text(client.await("notification.message", Duration.ofSeconds(30)), "id")).isEqualTo(eventId);
                assertThat(stack.gateway().faults().pendingPostFailures()).as("the first post failed").isZero();
            } finally {
                stack.gateway().faults().clear();
            }
        }
    }

    @Test
    void aConnectionThatArrivesBetweenTwoCopies_getsTheSecond() {
        String user = TestStacks.uniqueId("passenger");
        String eventId = UUID.randomUUID().toString();
        String body = Events.envelope(eventId, "notification.message", "notification-service", notification(user, "late"));
        try (WsClient first = WsClient.connectWithHeader(stack.webSocketUri(), stack.tokens().mint(Role.PASSENGER, user), json)) {
            first.await("connection.established");
            events.raw("notification.message", body);
            assertThat(text(first.await("notification.message"), "id")).isEqualTo(eventId);
        }
        try (WsClient second = WsClient.connectWithHeader(stack.webSocketUri(), stack.tokens().mint(Role.PASSENGER, user), json)) {
            second.await("connection.established");
            events.raw("notification.message", body);
            assertThat(text(second.await("notification.message"), "id")).as("the ledger is per connection").isEqualTo(eventId);
        }
    }
}
