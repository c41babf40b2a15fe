package io.ridewire.model.protocol;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Turns WebSocket text frames into {@link Envelope}s and {@link ServerMessage}s into text. */
public final class WireFormat {
    /** The longest {@code type} a frame may carry; every event name of the catalogue is far shorter. */
    public static final int MAX_TYPE_LENGTH = 64;

    private final JsonMapper json;

    public WireFormat(JsonMapper json) {
        this.json = json;
    }

    /**
     * Decodes a client frame.
     *
     * @throws InvalidMessage with {@code INVALID_JSON}, {@code REQUIRED} or {@code INVALID_TYPE} naming the field
     */
    public Envelope decode(String text) {
        JsonNode root = parse(text);
        JsonNode type = root.get("type");
        if (type == null || type.isNull()) {
            throw new InvalidMessage("type", ErrorCode.REQUIRED, "type is required");
        }
        if (!type.isString()) {
            throw new InvalidMessage("type", ErrorCode.INVALID_TYPE, "type must be a string");
        }
        if (type.getStringValue().length() > MAX_TYPE_LENGTH) {
            throw new InvalidMessage("type", ErrorCode.TOO_LONG, "type must be at most " + MAX_TYPE_LENGTH + " characters");
        }
        JsonNode payload = root.get("payload");
        if (payload != null && !payload.isNull() && !payload.isObject()) {
            throw new InvalidMessage("payload", ErrorCode.INVALID_TYPE, "payload must be an object");
        }
        return new Envelope(type.getStringValue(), idOf(root), payload);
    }

    /** The {@code type} of a frame if it has a string one, for error replies; otherwise null. */
    public String typeOrNull(String text) {
        try {
            JsonNode type = parse(text).get("type");
            return type != null && type.isString() && type.getStringValue().length() <= MAX_TYPE_LENGTH
                    ? type.getStringValue() : null;
        } catch (InvalidMessage e) {
            return null;
        }
    }

    /** The client message id of a frame if it has one, so even a rejected message's reply can echo it. */
    public String idOrNull(String text) {
        try {
            return idOf(parse(text));
        } catch (InvalidMessage e) {
            return null;
        }
    }

    private static String idOf(JsonNode root) {
        JsonNode id = root.get("id");
        if (id == null || id.isNull()) {
            return null;
        }
        if (id.isString() || id.isNumber()) {
            return Ids.check("id", id.coerceStringValue());
        }
        throw new InvalidMessage("id", ErrorCode.INVALID_TYPE, "id must be a string or a number");
    }

    private JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidMessage("body", ErrorCode.INVALID_JSON, "message body is empty");
        }
        JsonNode root;
        try {
            root = json.readValue(text.getBytes(StandardCharsets.UTF_8), JsonNode.class);
        } catch (IOException | RuntimeException e) {
            throw new InvalidMessage("body", ErrorCode.INVALID_JSON, "message body is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw new InvalidMessage("body", ErrorCode.INVALID_JSON, "message body must be a JSON object");
        }
        return root;
    }

    public String encode(ServerMessage message) {
        try {
            return json.writeValueAsString(message);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public JsonMapper json() {
        return json;
    }
}
