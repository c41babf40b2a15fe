package io.ridewire.functions.rest;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.ridewire.model.protocol.ErrorCode;
import io.ridewire.model.protocol.Fields;
import io.ridewire.model.protocol.InvalidMessage;

import java.io.IOException;

/** A REST request body as a JSON object read field by field, refused with the same codes as a WebSocket payload. */
public final class RequestBodies {
    private RequestBodies() {
    }

    public static Fields fields(JsonMapper json, byte[] body) {
        if (body == null || body.length == 0) {
            throw new InvalidMessage("body", ErrorCode.INVALID_JSON, "a JSON object body is required");
        }
        JsonNode node;
        try {
            node = json.readValue(body, JsonNode.class);
        } catch (IOException | RuntimeException e) {
            throw new InvalidMessage("body", ErrorCode.INVALID_JSON, "body is not valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw new InvalidMessage("body", ErrorCode.INVALID_JSON, "body must be a JSON object");
        }
        return Fields.ofPayload(node);
    }
}
