package io.ridewire.functions.orders;

import io.micronaut.json.tree.JsonNode;
import io.ridewire.model.protocol.ErrorCode;
import io.ridewire.model.protocol.Fields;
import io.ridewire.model.protocol.InvalidMessage;

/** Reads {@code order_id}: a string, or an integer as the taxi spec's examples send it ({@code "order_id": 123}). */
final class OrderIds {
    private static final String FIELD = "order_id";

    private OrderIds() {
    }

    static String read(Fields fields) {
        JsonNode value = fields.raw(FIELD).orElseThrow(() ->
                new InvalidMessage(FIELD, ErrorCode.REQUIRED, FIELD + " is required"));
        if (value.isNumber()) {
            return Long.toString(fields.integer(FIELD));
        }
        return fields.id(FIELD);
    }
}
