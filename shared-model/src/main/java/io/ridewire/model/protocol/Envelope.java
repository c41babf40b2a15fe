package io.ridewire.model.protocol;

import io.micronaut.json.tree.JsonNode;

/**
 * A client message: {@code {"type": "…", "id": "…", "payload": {…}}}.
 *
 * @param type    the event name (route key)
 * @param id      the client's message id, echoed in direct replies; may be null
 * @param payload the payload object; may be null
 */
public record Envelope(String type, String id, JsonNode payload) {

    public Fields fields() {
        return Fields.ofPayload(payload);
    }
}
