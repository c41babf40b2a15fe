package io.ridewire.local.testing;

import io.nats.client.impl.Headers;
import io.ridewire.functions.events.NatsConnection;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** {@code notification.message} as the notification service publishes it, for tests of the bridge under faults. */
public final class Notifications {
    private Notifications() {
    }

    /** Publishes one to {@code userId}, retrying (while NATS or JetStream comes back) until JetStream stores it. */
    public static void publish(NatsConnection nats, String userId, String title) {
        String body = "{\"event_id\":\"" + UUID.randomUUID() + "\",\"event_type\":\"notification.message\","
                + "\"timestamp\":\"" + Instant.now() + "\",\"source_service\":\"notification-service\",\"version\":\"1.0\","
                + "\"data\":{\"user_id\":\"" + userId + "\",\"title\":\"" + title + "\",\"message\":\"m\",\"type\":\"info\"}}";
        Eventually.until(() -> {
            try {
                nats.jetStream().orElseThrow().publish(nats.subject("notification.message"), new Headers(),
                        body.getBytes(StandardCharsets.UTF_8));
                return true;
            } catch (Exception e) {
                return false;
            }
        }, Duration.ofSeconds(30));
    }
}
