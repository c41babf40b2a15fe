package io.ridewire.model.inbound;

import io.ridewire.model.protocol.Fields;

/** {@code ack}: the id of the critical event received. */
public record Ack(String id) {

    public static Ack read(Fields payload) {
        return new Ack(payload.id("id"));
    }
}
