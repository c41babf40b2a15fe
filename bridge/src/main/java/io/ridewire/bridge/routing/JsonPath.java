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
}
