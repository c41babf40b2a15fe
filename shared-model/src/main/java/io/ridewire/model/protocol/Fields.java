package io.ridewire.model.protocol;

import io.micronaut.json.tree.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a JSON object field by field, naming the dotted path and a code from {@link ErrorCode} when a field is
 * missing, of the wrong type or out of range. Payload records are built from it, so every validation error says
 * exactly which field is wrong. Every string is bounded here, before any handler can store it: free text to
 * {@value #MAX_TEXT_LENGTH} characters without control characters (tab and line breaks allowed), ids by {@link Ids}.
 */
public final class Fields {
    /** The longest free-text value (a reason, an address, a name) a client may send. */
    public static final int MAX_TEXT_LENGTH = 500;

    private final JsonNode node;
    private final String path;

    private Fields(JsonNode node, String path) {
        this.node = node;
        this.path = path;
    }

    /** The payload object of a message; an absent payload reads as an empty object. */
    public static Fields ofPayload(JsonNode payload) {
        if (payload == null || payload.isNull()) {
            return new Fields(JsonNode.createObjectNode(Map.of()), "");
        }
        if (!payload.isObject()) {
            throw new InvalidMessage("payload", ErrorCode.INVALID_TYPE, "payload must be an object");
        }
        return new Fields(payload, "");
    }

    /** The dotted path of a field of this object. */
    public String pathOf(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    public boolean has(String name) {
        JsonNode value = node.get(name);
        return value != null && !value.isNull();
    }

    private JsonNode required(String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            throw new InvalidMessage(pathOf(name), ErrorCode.REQUIRED, pathOf(name) + " is required");
        }
        return value;
    }

    private InvalidMessage wrongType(String name, String expected) {
        return new InvalidMessage(pathOf(name), ErrorCode.INVALID_TYPE, pathOf(name) + " must be " + expected);
    }

    public String string(String name) {
        return string(name, MAX_TEXT_LENGTH);
    }

    /** A string of at most {@code maxLength} characters, for the few fields longer than free text (a token). */
    public String string(String name, int maxLength) {
        JsonNode value = required(name);
        if (!value.isString()) {
            throw wrongType(name, "a string");
        }
        String text = value.getStringValue();
        refuseLongerThan(pathOf(name), text, maxLength);
        if (text.isBlank()) {
            throw new InvalidMessage(pathOf(name), ErrorCode.REQUIRED, pathOf(name) + " must not be blank");
        }
        refuseControlCharacters(pathOf(name), text);
        return text;
    }

    /** TOO_LONG when {@code text} at {@code path} has more than {@code maxLength} characters. */
    public static void refuseLongerThan(String path, String text, int maxLength) {
        if (text.length() > maxLength) {
            throw new InvalidMessage(path, ErrorCode.TOO_LONG, path + " must be at most " + maxLength + " characters");
        }
    }

    /** INVALID_CHARACTERS when {@code text} at {@code path} holds a control character other than tab or a line break. */
    public static void refuseControlCharacters(String path, String text) {
        if (text.chars().anyMatch(c -> Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r')) {
            throw new InvalidMessage(path, ErrorCode.INVALID_CHARACTERS, path + " must not contain control characters");
        }
    }

    /** An identifier: a string of at most {@link Ids#MAX_LENGTH} characters from {@code A-Z a-z 0-9 . _ : @ | + = -}. */
    public String id(String name) {
        JsonNode value = required(name);
        if (!value.isString()) {
            throw wrongType(name, "a string");
        }
        if (value.getStringValue().isEmpty()) {
            throw new InvalidMessage(pathOf(name), ErrorCode.REQUIRED, pathOf(name) + " must not be blank");
        }
        return Ids.check(pathOf(name), value.getStringValue());
    }

    public Optional<String> optionalId(String name) {
        return has(name) ? Optional.of(id(name)) : Optional.empty();
    }

    public Optional<String> optionalString(String name) {
        return has(name) ? Optional.of(string(name)) : Optional.empty();
    }

    /** A string that must be one of {@code allowed}. */
    public String oneOf(String name, Set<String> allowed) {
        String value = string(name);
        if (!allowed.contains(value)) {
            throw new InvalidMessage(pathOf(name), ErrorCode.INVALID_VALUE,
                    pathOf(name) + " must be one of " + String.join(", ", allowed.stream().sorted().toList()));
        }
        return value;
    }

    public Optional<String> optionalOneOf(String name, Set<String> allowed) {
        return has(name) ? Optional.of(oneOf(name, allowed)) : Optional.empty();
    }

    public double number(String name) {
        JsonNode value = required(name);
        if (!value.isNumber()) {
            throw wrongType(name, "a number");
        }
        double number = value.getDoubleValue();
        if (!Double.isFinite(number)) {
            throw wrongType(name, "a finite number");
        }
        return number;
    }

    public Optional<Double> optionalNumber(String name) {
        return has(name) ? Optional.of(number(name)) : Optional.empty();
    }

    /** A number in {@code [min, max]}; {@code code} names the failure (OUT_OF_RANGE, INVALID_COORDINATES …). */
    public double numberIn(String name, double min, double max, String code) {
        double number = number(name);
        if (number < min || number > max) {
            throw new InvalidMessage(pathOf(name), code, pathOf(name) + " must lie between " + min + " and " + max);
        }
        return number;
    }

    public Optional<Double> optionalNumberIn(String name, double min, double max, String code) {
        return has(name) ? Optional.of(numberIn(name, min, max, code)) : Optional.empty();
    }

    public long integer(String name) {
        JsonNode value = required(name);
        if (!value.isNumber()) {
            throw wrongType(name, "an integer");
        }
        double number = value.getDoubleValue();
        if (number != Math.rint(number) || Math.abs(number) > 9.007199254740991E15) {
            throw wrongType(name, "an integer");
        }
        return (long) number;
    }

    public Optional<Long> optionalInteger(String name) {
        return has(name) ? Optional.of(integer(name)) : Optional.empty();
    }

    public long integerIn(String name, long min, long max) {
        long number = integer(name);
        if (number < min || number > max) {
            throw new InvalidMessage(pathOf(name), ErrorCode.OUT_OF_RANGE,
                    pathOf(name) + " must lie between " + min + " and " + max);
        }
        return number;
    }

    public boolean bool(String name) {
        JsonNode value = required(name);
        if (!value.isBoolean()) {
            throw wrongType(name, "a boolean");
        }
        return value.getBooleanValue();
    }

    public Optional<Boolean> optionalBool(String name) {
        return has(name) ? Optional.of(bool(name)) : Optional.empty();
    }

    public Fields object(String name) {
        JsonNode value = required(name);
        if (!value.isObject()) {
            throw wrongType(name, "an object");
        }
        return new Fields(value, pathOf(name));
    }

    public Optional<Fields> optionalObject(String name) {
        return has(name) ? Optional.of(object(name)) : Optional.empty();
    }

    /** The elements of an array field, each an object. */
    public List<Fields> objects(String name) {
        JsonNode value = required(name);
        if (!value.isArray()) {
            throw wrongType(name, "an array");
        }
        List<Fields> items = new ArrayList<>(value.size());
        int index = 0;
        for (JsonNode item : value.values()) {
            String itemPath = pathOf(name) + "[" + index++ + "]";
            if (!item.isObject()) {
                throw new InvalidMessage(itemPath, ErrorCode.INVALID_TYPE, itemPath + " must be an object");
            }
            items.add(new Fields(item, itemPath));
        }
        return items;
    }

    /** The raw JSON value of a field, for payload parts Ridewire passes through untouched. */
    public Optional<JsonNode> raw(String name) {
        return has(name) ? Optional.of(node.get(name)) : Optional.empty();
    }
}
