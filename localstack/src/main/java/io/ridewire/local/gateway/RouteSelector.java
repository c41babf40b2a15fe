package io.ridewire.local.gateway;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.function.Predicate;

/**
 * Route selection on {@code $request.body.type}: the top-level {@code type} string of a JSON object picks the
 * route when one has that key; anything else — non-JSON, no {@code type}, an unknown one — goes to
 * {@code $default}.
 */
final class RouteSelector {
    static final String DEFAULT = "$default";
    private static final JsonFactory JSON = new JsonFactory();

    private final Predicate<String> routeExists;

    RouteSelector(Predicate<String> routeExists) {
        this.routeExists = routeExists;
    }

    String select(String body) {
        String type = topLevelType(body);
        return type != null && !type.startsWith("$") && routeExists.test(type) ? type : DEFAULT;
    }

    static String topLevelType(String body) {
        try (JsonParser parser = JSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            String type = null;
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("type".equals(field) && value == JsonToken.VALUE_STRING) {
                    type = parser.getText();
                } else {
                    parser.skipChildren();
                }
            }
            // the whole body must be one well-formed object: API Gateway sends invalid JSON to $default
            return token == JsonToken.END_OBJECT && parser.nextToken() == null ? type : null;
        } catch (IOException e) {
            return null;
        }
    }
}
