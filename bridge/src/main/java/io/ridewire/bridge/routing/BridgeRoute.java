package io.ridewire.bridge.routing;

import io.micronaut.json.tree.JsonNode;
import io.ridewire.functions.push.Audience;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One line of the routing table: events on {@code subject} go to {@code recipients} as client event
 * {@code event}, their payload either the envelope's {@code data} as is or mapped field by field.
 *
 * @param subject     NATS subject (without the configured prefix)
 * @param event       client event type
 * @param category    retry category (location, ride, payment, …)
 * @param recipients  who receives it
 * @param mapping     target field → source path ({@code a|b} falls back); empty: pass {@code data} through
 * @param durable     stored in each recipient user's inbox with a {@code seq} (replayable with {@code sync}), and
 *                    re-sent until acknowledged when the event type is critical ({@code ack_required})
 */
public record BridgeRoute(String subject, String event, String category, List<Recipient> recipients,
                          Map<String, String> mapping, boolean durable) {

    /**
     * Who an envelope goes to: every recipient expression resolved against it.
     *
     * @throws Recipient.MissingField when the envelope lacks a field a recipient needs
     * @throws JsonPath.NotScalar when such a field holds an object or an array
     */
    public Audience audience(JsonNode envelope) {
        List<Audience> audiences = new ArrayList<>();
        for (Recipient recipient : recipients) {
            audiences.add(recipient.audience(envelope));
        }
        return new Audience.All(audiences);
    }

    /** The client payload for an envelope: {@code data}, or the mapped fields (nested targets by dots). */
    public Object payload(JsonNode envelope) {
        if (mapping.isEmpty()) {
            JsonNode data = JsonPath.at(envelope, "data");
            return data == null ? Map.of() : data.getValue();
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        for (Map.Entry<String, String> field : mapping.entrySet()) {
            JsonNode value = JsonPath.firstOf(envelope, field.getValue());
            if (value != null) {
                put(payload, field.getKey(), value.getValue());
            }
        }
        return payload;
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> target, String dotted, Object value) {
        int dot = dotted.indexOf('.');
        if (dot < 0) {
            target.put(dotted, value);
            return;
        }
        Object child = target.computeIfAbsent(dotted.substring(0, dot), k -> new LinkedHashMap<String, Object>());
        put((Map<String, Object>) child, dotted.substring(dot + 1), value);
    }
}
