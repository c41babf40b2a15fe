package io.ridewire.functions.matching;

import io.ridewire.model.matching.Match;
import io.ridewire.model.matching.MatchEvent;
import io.ridewire.model.matching.Party;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.ridewire.model.matching.MatchEvent.Accept;
import io.ridewire.model.matching.MatchEvent.Cancel;
import io.ridewire.model.matching.MatchEvent.MaxWaitReached;
import io.ridewire.model.matching.MatchEvent.ProposalExpired;
import io.ridewire.model.matching.MatchEvent.Reject;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A stored change of a match whose effects are still owed, as the text of its outbox entry: the match before and
 * after (in their table form, attribute types kept, so they read back exactly), what caused it, and whether the
 * passenger is told by push. Only the part of the cause that the effects look at is kept.
 */
record MatchChange(Match before, Match after, MatchEvent cause, boolean passengerByPush) {

    String write(JsonMapper json) {
        Map<String, JsonNode> root = new LinkedHashMap<>();
        root.put("before", node(MatchItems.toItem(before, null, null, 0)));
        root.put("after", node(MatchItems.toItem(after, null, null, 0)));
        root.put("cause", JsonNode.createStringNode(causeName(cause)));
        root.put("passenger_by_push", JsonNode.createBooleanNode(passengerByPush));
        try {
            return json.writeValueAsString(JsonNode.createObjectNode(root));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static MatchChange read(JsonMapper json, String text) {
        JsonNode root;
        try {
            root = json.readValue(text, JsonNode.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new MatchChange(MatchItems.fromItem(item(root.get("before"))).match(),
                MatchItems.fromItem(item(root.get("after"))).match(), cause(root.get("cause").getStringValue()),
                root.get("passenger_by_push").getBooleanValue());
    }

    private static String causeName(MatchEvent cause) {
        return switch (cause) {
            case Reject reject -> "reject:" + reject.party().name();
            case Cancel cancel -> "cancel:" + cancel.party().name();
            case ProposalExpired expired -> "expired:" + expired.attempt();
            case MaxWaitReached reached -> "max_wait";
            case Accept accept -> "accept:" + accept.party().name();
            case null, default -> "none";
        };
    }

    private static MatchEvent cause(String name) {
        String[] parts = name.split(":", 2);
        return switch (parts[0]) {
            case "reject" -> new Reject(Party.valueOf(parts[1]), null, null);
            case "cancel" -> new Cancel(Party.valueOf(parts[1]), null, null);
            case "expired" -> new ProposalExpired(Integer.parseInt(parts[1]));
            case "max_wait" -> new MaxWaitReached();
            case "accept" -> new Accept(Party.valueOf(parts[1]), null, null);
            default -> null;
        };
    }

    /** DynamoDB's own JSON form ({"S": …}, {"N": …}, {"BOOL": …}, {"L": […]}): what a match item uses. */
    private static JsonNode node(Map<String, AttributeValue> item) {
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        item.forEach((name, value) -> fields.put(name, node(value)));
        return JsonNode.createObjectNode(fields);
    }

    private static JsonNode node(AttributeValue value) {
        if (value.s() != null) {
            return JsonNode.createObjectNode(Map.of("S", JsonNode.createStringNode(value.s())));
        }
        if (value.n() != null) {
            return JsonNode.createObjectNode(Map.of("N", JsonNode.createStringNode(value.n())));
        }
        if (value.bool() != null) {
            return JsonNode.createObjectNode(Map.of("BOOL", JsonNode.createBooleanNode(value.bool())));
        }
        if (value.hasL()) {
            return JsonNode.createObjectNode(Map.of("L",
                    JsonNode.createArrayNode(value.l().stream().map(MatchChange::node).toList())));
        }
        throw new IllegalArgumentException("a match item holds no attribute of this type: " + value);
    }

    private static Map<String, AttributeValue> item(JsonNode node) {
        Map<String, AttributeValue> item = new HashMap<>();
        for (Map.Entry<String, JsonNode> field : node.entries()) {
            item.put(field.getKey(), value(field.getValue()));
        }
        return item;
    }

    private static AttributeValue value(JsonNode node) {
        Map.Entry<String, JsonNode> typed = node.entries().iterator().next();
        return switch (typed.getKey()) {
            case "S" -> AttributeValue.fromS(typed.getValue().getStringValue());
            case "N" -> AttributeValue.fromN(typed.getValue().getStringValue());
            case "BOOL" -> AttributeValue.fromBool(typed.getValue().getBooleanValue());
            case "L" -> {
                List<AttributeValue> list = new ArrayList<>();
                typed.getValue().values().forEach(element -> list.add(value(element)));
                yield AttributeValue.fromL(list);
            }
            default -> throw new IllegalArgumentException("unknown attribute type " + typed.getKey());
        };
    }
}
