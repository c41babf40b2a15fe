package io.ridewire.bridge.routing;

import io.micronaut.json.tree.JsonNode;
import io.ridewire.functions.push.Audience;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who receives a routed event, as the routing table writes it: {@code user:data.driver_id} (the user, or users
 * when the path holds an array), {@code room:order_{data.order_id}} (a room named by a template), or
 * {@code role:driver} (every connection of a role: broadcasts).
 */
public sealed interface Recipient {
    Pattern PLACEHOLDER = Pattern.compile("\\{([^}]+)}");

    static Recipient parse(String expression) {
        int colon = expression.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("recipient must read user:…, room:… or role:…: " + expression);
        }
        String kind = expression.substring(0, colon);
        String rest = expression.substring(colon + 1).trim();
        return switch (kind) {
            case "user" -> new User(rest);
            case "room" -> new Room(rest);
            case "role" -> new Role(rest);
            default -> throw new IllegalArgumentException("unknown recipient kind " + kind + " in " + expression);
        };
    }

    /**
     * The users, rooms or roles this recipient names for one envelope.
     *
     * @throws MissingField when the envelope lacks a field the expression needs
     * @throws JsonPath.NotScalar when that field holds an object or an array where an id belongs
     */
    List<String> resolve(JsonNode envelope);

    /** The audience this recipient names for one envelope. */
    Audience audience(JsonNode envelope);

    /** Users named by a path; the path may hold one id or an array of ids. */
    record User(String path) implements Recipient {
        @Override
        public List<String> resolve(JsonNode envelope) {
            JsonNode value = JsonPath.at(envelope, path);
            if (value == null) {
                throw new MissingField(path);
            }
            List<String> users = new ArrayList<>();
            if (value.isArray()) {
                value.values().forEach(v -> users.add(JsonPath.scalar(v, path)));
            } else {
                users.add(JsonPath.scalar(value, path));
            }
            return users;
        }

        @Override
        public Audience audience(JsonNode envelope) {
            return Audience.users(resolve(envelope));
        }
    }

    /** A room named by a template with {@code {path}} placeholders. */
    record Room(String template) implements Recipient {
        @Override
        public List<String> resolve(JsonNode envelope) {
            Matcher matcher = PLACEHOLDER.matcher(template);
            StringBuilder room = new StringBuilder();
            while (matcher.find()) {
                JsonNode value = JsonPath.at(envelope, matcher.group(1));
                if (value == null) {
                    throw new MissingField(matcher.group(1));
                }
                matcher.appendReplacement(room, Matcher.quoteReplacement(JsonPath.scalar(value, matcher.group(1))));
            }
            matcher.appendTail(room);
            return List.of(room.toString());
        }

        @Override
        public Audience audience(JsonNode envelope) {
            return Audience.room(resolve(envelope).getFirst());
        }
    }

    /** Every connection of a role. */
    record Role(String role) implements Recipient {
        @Override
        public List<String> resolve(JsonNode envelope) {
            return List.of(role);
        }

        @Override
        public Audience audience(JsonNode envelope) {
            return io.ridewire.model.identity.Role.fromClaim(role).map(Audience::role)
                    .orElseThrow(() -> new IllegalArgumentException("no such role: " + role));
        }
    }

    /** The envelope lacks a field a recipient expression needs: the message cannot be routed. */
    final class MissingField extends RuntimeException {
        public MissingField(String path) {
            super("missing " + path, null, false, false);
        }
    }
}
