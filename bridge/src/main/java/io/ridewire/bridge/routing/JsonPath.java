package io.ridewire.bridge.routing;

import io.micronaut.json.tree.JsonNode;

/** Dotted paths into an event envelope: {@code data.estimates.distance_km}, {@code timestamp}. */
public final class JsonPath {
    private JsonPath() {
    }

    /** The node at {@code path}, or null when any step is missing. */
    public static JsonNode at(JsonNode root, String path) {
        JsonNode current = root;
        for (String step : path.split("\\.")) {
            if (current == null || !current.isObject()) {
                return null;
            }
            current = current.get(step);
        }
        return current == null || current.isNull() ? null : current;
    }

    /**
     * The text of a scalar (a string, number, boolean or null) found at {@code path}.
     *
     * @throws NotScalar when it is an object or an array, where one id or name was expected
     */
    public static String scalar(JsonNode value, String path) {
        if (value.isContainerNode()) {
            throw new NotScalar(path);
        }
        return value.coerceStringValue();
    }

    /** The first present of {@code a|b|c}. */
    public static JsonNode firstOf(JsonNode root, String alternatives) {
        for (String path : alternatives.split("\\|")) {
            JsonNode value = at(root, path.trim());
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    /** An object or array where one value was expected: no redelivery makes the message readable. */
    public static final class NotScalar extends RuntimeException {
        public NotScalar(String path) {
            super(path + " is not a scalar", null, false, false);
        }
    }
}
