package io.ridewire.model.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Creator;
import io.micronaut.serde.annotation.Serdeable;

/**
 * A server event on the wire: {@code {"type", "id", "seq"?, "epoch"?, "ack_required"?, "payload"}}. {@code id}
 * echoes the client's message id in a direct reply and is unique otherwise; {@code seq} numbers durable events per
 * inbox, and {@code epoch} names the inbox's current sequence (it changes whenever the sequence restarts).
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ServerMessage(
        String type,
        String id,
        Long seq,
        String epoch,
        @JsonProperty("ack_required") Boolean ackRequired,
        Object payload) {

    @Creator
    public ServerMessage {
    }

    /** A message outside any inbox (no epoch). */
    public ServerMessage(String type, String id, Long seq, Boolean ackRequired, Object payload) {
        this(type, id, seq, null, ackRequired, payload);
    }

    public static ServerMessage of(EventType type, String id, Object payload) {
        return new ServerMessage(type.wireName(), id, null, type.ackRequired() ? Boolean.TRUE : null, payload);
    }
}
