package io.ridewire.functions.events;

import io.ridewire.model.events.EventEnvelope;
import io.ridewire.model.events.Trace;

import io.micronaut.json.JsonMapper;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import io.ridewire.functions.observability.LogContext;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.time.Clock;
import java.util.UUID;

/**
 * Publishes events on JetStream in the spec's envelope. The event id doubles as JetStream's {@code Nats-Msg-Id},
 * so a publish retried after a lost ack is stored once.
 */
@Singleton
public class EventPublisher {
    private final NatsConnection nats;
    private final JsonMapper json;
    private final Clock clock;

    public EventPublisher(NatsConnection nats, JsonMapper json, Clock clock) {
        this.nats = nats;
        this.json = json;
        this.clock = clock;
    }

    /** Wraps {@code data} in an envelope and publishes it; returns the envelope published. */
    public EventEnvelope publish(String subject, Object data, Trace trace) throws IOException {
        EventEnvelope envelope = envelope(subject, data, trace);
        publish(envelope);
        return envelope;
    }

    /** {@code data} in the spec's envelope, with a fresh event id. */
    public EventEnvelope envelope(String subject, Object data, Trace trace) {
        return envelope(UUID.randomUUID().toString(), subject, data, trace);
    }

    /** {@code data} in the spec's envelope with a given event id: the same event published again is stored once. */
    public EventEnvelope envelope(String eventId, String subject, Object data, Trace trace) {
        return new EventEnvelope(
                eventId, subject, clock.instant(), nats.settings().getSourceService(),
                EventEnvelope.VERSION,
                trace == null ? null : trace.traceId(),
                trace == null ? null : trace.spanId(),
                null,
                trace == null ? null : trace.correlationId(),
                trace == null ? null : trace.causationId(),
                data);
    }

    /** Publishes a ready envelope on the subject named by its {@code event_type}. */
    public PublishAck publish(EventEnvelope envelope) throws IOException {
        var jetStream = nats.jetStream().orElseThrow(() -> new IOException("NATS is unreachable"));
        Headers headers = new Headers().put("Nats-Msg-Id", envelope.eventId());
        if (envelope.traceId() != null && envelope.spanId() != null) {
            headers.put(LogContext.TRACEPARENT, new Trace(envelope.traceId(), envelope.spanId(), null, null).traceparent());
        }
        try {
            return jetStream.publish(nats.subject(envelope.eventType()), headers, json.writeValueAsBytes(envelope));
        } catch (io.nats.client.JetStreamApiException e) {
            throw new IOException("JetStream refused " + envelope.eventType() + ": " + e.getMessage(), e);
        }
    }
}
