package io.ridewire.model.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.time.Instant;

/**
 * The NATS event envelope of the NebengJek event schemas: identity, type, time, origin, version and trace fields
 * around the event's {@code data}.
 */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EventEnvelope(
        String eventId,
        String eventType,
        Instant timestamp,
        String sourceService,
        String version,
        String traceId,
        String spanId,
        String parentSpanId,
        String correlationId,
        String causationId,
        Object data) {

    public static final String VERSION = "1.0";
}
