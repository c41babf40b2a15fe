package io.ridewire.events;

import java.util.UUID;

/**
 * Trace fields carried from an inbound message to the events it causes.
 *
 * @param traceId       the whole flow's id
 * @param spanId        this step's id
 * @param correlationId what ties the flow's events together (the client message id where there is one)
 * @param causationId   the id of the message or event that caused this one
 */
public record Trace(String traceId, String spanId, String correlationId, String causationId) {

    public static Trace start(String correlationId, String causationId) {
        String traceId = UUID.randomUUID().toString();
        return new Trace(traceId, UUID.randomUUID().toString(),
                correlationId != null ? correlationId : traceId, causationId);
    }

    /** A child step of this trace caused by {@code causationId}. */
    public Trace child(String causationId) {
        return new Trace(traceId, UUID.randomUUID().toString(), correlationId, causationId);
    }
}
