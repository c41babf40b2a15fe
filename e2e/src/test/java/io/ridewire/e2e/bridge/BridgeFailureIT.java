package io.ridewire.e2e.bridge;

import io.ridewire.e2e.fixtures.Events;

import io.micronaut.json.JsonMapper;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.MessageInfo;
import io.ridewire.bridge.Bridge;
import io.ridewire.bridge.relay.DeadLetters;
import io.ridewire.bridge.relay.RetryPolicy;
import io.ridewire.functions.events.NatsConnection;
import io.ridewire.deployment.StreamCatalogue;
import io.ridewire.model.identity.Role;
import io.ridewire.local.LocalStack;
import io.ridewire.local.testing.Eventually;
import io.ridewire.local.testing.TestStacks;
import io.ridewire.local.testing.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.ridewire.local.testing.WsClient.text;
import static org.assertj.core.api.Assertions.assertThat;

/** Transient gateway failures are retried through JetStream; what cannot be delivered is parked on the DLQ. */
class BridgeFailureIT {
    private static LocalStack stack;
    private static JsonMapper json;
    private static Events events;

    @BeforeAll
    static void start() {
        stack = TestStacks.start(b -> b.property("ridewire.bridge.retry.notification", "3/exponential/50ms/200ms"));
        json = stack.context().getBean(JsonMapper.class);
        events = new Events(stack);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @BeforeEach
    void clearFaults() {
        stack.gateway().faults().clear();
    }

    private WsClient connect(String user) {
        WsClient client = WsClient.connectWithHeader(stack.webSocketUri(), stack.tokens().mint(Role.PASSENGER, user), json);
        client.await("connection.established");
        return client;
    }

    private static String notification(String user, String title) {
        return "{\"user_id\":\"" + user + "\",\"title\":\"" + title + "\",\"message\":\"m\"}";
    }

    @Test
    void transientManagementApiFailures_areRedelivered_untilTheEventArrivesOnce() {
        String user = TestStacks.uniqueId("passenger");
        try (WsClient client = connect(user)) {
            double retriedBefore = stack.context().getBean(Bridge.class).metrics().retried.count();
            // the sender does not retry a failed POST (an accepted one would be duplicated): each of the route's 4
            // attempts is one POST, so 3 failures leave the last attempt to get through
            stack.gateway().faults().failNextPosts(3, 500);
            String eventId = events.publish("notification.message", "notification-service", notification(user, "retry me"));
            assertThat(text(client.await("notification.message", Duration.ofSeconds(30)), "id")).isEqualTo(eventId);
            assertThat(stack.gateway().faults().pendingPostFailures()).isZero();
            assertThat(stack.context().getBean(Bridge.class).metrics().retried.count()).isGreaterThan(retriedBefore);
            client.assertNone("notification.message", Duration.ofSeconds(1));
        }
    }

    @Test
    void notJson_goesToTheDlqAtOnce_withItsReason() throws Exception {
        assertThat(deadLetterReasonAfter(() -> events.raw("notification.message", "this is not json")))
                .isEqualTo("malformed: not JSON");
    }

    @Test
    void anEnvelopeWithoutEventId_goesToTheDlq() throws Exception {
        assertThat(deadLetterReasonAfter(() -> events.raw("notification.message",
                "{\"event_type\":\"notification.message\",\"timestamp\":\"2025-01-08T10:00:00Z\","
                        + "\"version\":\"1.0\",\"data\":{\"user_id\":\"u\"}}")))
                .isEqualTo("malformed: missing event_id");
    }

    @Test
    void anEventNamingNoRecipient_goesToTheDlq() throws Exception {
        assertThat(deadLetterReasonAfter(() -> events.publish("notification.message", "notification-service",
                "{\"title\":\"to nobody\"}"))).isEqualTo("unroutable: missing data.user_id");
    }

    @Test
    void anEventIdThatIsNotAScalar_goesToTheDlqAtOnce() throws Exception {
        assertThat(deadLetterReasonAfter(() -> events.raw("notification.message",
                "{\"event_id\":{},\"event_type\":\"notification.message\",\"timestamp\":\"2025-01-08T10:00:00Z\","
                        + "\"version\":\"1.0\",\"data\":{\"user_id\":\"u\"}}")))
                .isEqualTo("malformed: event_id is not a scalar");
    }

    @Test
    void aRecipientThatIsNotAScalar_goesToTheDlqAtOnce() throws Exception {
        assertThat(deadLetterReasonAfter(() -> events.publish("notification.message", "notification-service",
                "{\"user_id\":{\"id\":\"u1\"},\"title\":\"t\"}")))
                .isEqualTo("unroutable: data.user_id is not a scalar");
    }

    @Test
    void routeConsumers_boundTheDeliveries_beyondTheRelaysOwnTries() throws Exception {
        NatsConnection nats = stack.context().getBean(NatsConnection.class);
        ConsumerInfo consumer = nats.connection().orElseThrow().jetStreamManagement().getConsumerInfo(
                nats.streamName(StreamCatalogue.NOTIFICATIONS),
                nats.settings().getStreamPrefix() + "bridge_notification_message");
        assertThat(consumer.getConsumerConfiguration().getMaxDeliver())
                .isEqualTo(RetryPolicy.parse("3/exponential/50ms/200ms").maxDeliver())
                .isGreaterThan(4);
    }

    @Test
    void aMessageThatNeverGetsThrough_landsInTheDlqAfterMaxRetries() throws Exception {
        String user = TestStacks.uniqueId("passenger");
        try (WsClient client = connect(user)) {
            stack.gateway().faults().failNextPosts(100_000, 500);
            assertThat(deadLetterReasonAfter(() -> events.publish("notification.message", "notification-service",
                    notification(user, "poison")))).isEqualTo("delivery failed after 4 attempts");
            stack.gateway().faults().clear();
            client.assertNone("notification.message", Duration.ofMillis(500));
        }
    }

    /** Runs {@code publish} and returns the reason of the dead letter it leads to. */
    private static String deadLetterReasonAfter(Runnable publish) throws Exception {
        NatsConnection nats = stack.context().getBean(NatsConnection.class);
        JetStreamManagement jsm = nats.connection().orElseThrow().jetStreamManagement();
        String stream = nats.streamName(StreamCatalogue.DEAD_LETTERS);
        long before = jsm.getStreamInfo(stream).getStreamState().getLastSequence();
        publish.run();
        Eventually.until(() -> {
            try {
                return jsm.getStreamInfo(stream).getStreamState().getLastSequence() > before;
            } catch (Exception e) {
                return false;
            }
        }, Duration.ofSeconds(60));
        MessageInfo message = jsm.getMessage(stream, before + 1);
        assertThat(message.getSubject()).isEqualTo(nats.subject("dlq.notification.message"));
        return message.getHeaders().getFirst(DeadLetters.REASON);
    }
}
