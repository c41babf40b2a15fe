package io.ridewire.local.bridge;

import io.nats.client.JetStream;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import io.ridewire.functions.events.NatsConnection;
import io.ridewire.local.LocalStack;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/** Publishes back-end events the way another platform service would: the spec's envelope on a subject. */
final class Events {
    private final NatsConnection nats;

    Events(LocalStack stack) {
        this.nats = stack.context().getBean(NatsConnection.class);
    }

    static String envelope(String eventId, String type, String source, String data) {
        return "{\"event_id\":\"" + eventId + "\",\"event_type\":\"" + type + "\",\"timestamp\":\"" + Instant.now()
                + "\",\"source_service\":\"" + source + "\",\"version\":\"1.0\",\"trace_id\":\"" + UUID.randomUUID()
                + "\",\"data\":" + data + "}";
    }

    /** Publishes an envelope with a fresh event id from {@code source}; returns the event id. */
    String publish(String subject, String source, String data) {
        String eventId = UUID.randomUUID().toString();
        raw(subject, envelope(eventId, subject, source, data));
        return eventId;
    }

    PublishAck raw(String subject, String body) {
        try {
            JetStream jetStream = nats.jetStream().orElseThrow();
            return jetStream.publish(nats.subject(subject), new Headers(), body.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
