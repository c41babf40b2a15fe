package io.ridewire.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.serde.annotation.Serdeable;

/**
 * A server event on the wire: {@code {"type", "id", "seq"?, "ack_required"?, "payload"}}. {@code id} echoes the
 * client's message id in a direct reply and is unique otherwise; {@code seq} numbers durable events per user.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ServerMessage(
        String type,
        String id,
        Long seq,
        @JsonProperty("ack_required") Boolean ackRequired,
        Object payload) {

    public static ServerMessage of(EventType type, String id, Object payload) {
        return new ServerMessage(type.wireName(), id, null, type.ackRequired() ? Boolean.TRUE : null, payload);
    }
}
