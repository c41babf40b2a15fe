package io.ridewire.model.inbound;

import io.micronaut.json.tree.JsonNode;
import io.ridewire.model.protocol.ErrorCode;
import io.ridewire.model.protocol.Fields;
import io.ridewire.model.protocol.InvalidMessage;

/**
 * The {@code order_id} of {@code order:join}, {@code viewing_order}, {@code stop_viewing_order} and
 * {@code request_lock}: a string, or an integer as the taxi spec's examples send it ({@code "order_id": 123}).
 */
public record OrderRef(String orderId) {
    private static final String FIELD = "order_id";

    public static OrderRef read(Fields payload) {
        JsonNode value = payload.raw(FIELD).orElseThrow(() ->
                new InvalidMessage(FIELD, ErrorCode.REQUIRED, FIELD + " is required"));
        return new OrderRef(value.isNumber() ? Long.toString(payload.integer(FIELD)) : payload.id(FIELD));
    }
}
