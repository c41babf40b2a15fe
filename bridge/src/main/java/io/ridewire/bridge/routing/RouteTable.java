package io.ridewire.bridge.routing;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The bridge's routing table, declared in JSON (configuration, not code per event): the built-in
 * {@code io/ridewire/bridge/routes.json}, or a file named by {@code RIDEWIRE_BRIDGE_ROUTES_FILE}.
 */
public final class RouteTable {
    public static final String BUILT_IN = "io/ridewire/bridge/routes.json";

    private final Map<String, BridgeRoute> bySubject;

    public RouteTable(List<BridgeRoute> routes) {
        Map<String, BridgeRoute> map = new LinkedHashMap<>();
        for (BridgeRoute route : routes) {
            if (map.put(route.subject(), route) != null) {
                throw new IllegalArgumentException("subject routed twice: " + route.subject());
            }
        }
        this.bySubject = Collections.unmodifiableMap(map); // the table's order: consumers start as it lists them
    }

    public List<BridgeRoute> routes() {
        return List.copyOf(bySubject.values());
    }

    public Optional<BridgeRoute> forSubject(String subject) {
        return Optional.ofNullable(bySubject.get(subject));
    }

    public static RouteTable load(JsonMapper json, Optional<Path> file) throws IOException {
        if (file.isPresent()) {
            try (InputStream in = Files.newInputStream(file.get())) {
                return parse(json, in.readAllBytes());
            }
        }
        try (InputStream in = RouteTable.class.getClassLoader().getResourceAsStream(BUILT_IN)) {
            if (in == null) {
                throw new IOException("missing " + BUILT_IN);
            }
            return parse(json, in.readAllBytes());
        }
    }

    static RouteTable parse(JsonMapper json, byte[] document) throws IOException {
        JsonNode root = json.readValue(document, JsonNode.class);
        List<BridgeRoute> routes = new ArrayList<>();
        for (JsonNode route : root.get("routes").values()) {
            List<Recipient> recipients = new ArrayList<>();
            route.get("recipients").values().forEach(r -> recipients.add(Recipient.parse(r.getStringValue())));
            Map<String, String> mapping = new LinkedHashMap<>();
            JsonNode payload = route.get("payload");
            if (payload != null && payload.isObject()) {
                for (Map.Entry<String, JsonNode> field : payload.entries()) {
                    mapping.put(field.getKey(), field.getValue().getStringValue());
                }
            }
            JsonNode durable = route.get("durable");
            JsonNode category = route.get("category");
            routes.add(new BridgeRoute(
                    route.get("subject").getStringValue(),
                    route.get("event").getStringValue(),
                    category == null ? "default" : category.getStringValue(),
                    List.copyOf(recipients),
                    mapping,
                    durable != null && durable.getBooleanValue()));
        }
        for (BridgeRoute route : routes) {
            if (route.durable() && route.recipients().stream().anyMatch(r -> r instanceof Recipient.Role)) {
                throw new IllegalArgumentException(route.subject() + ": durable events go to users or rooms, not roles");
            }
        }
        return new RouteTable(routes);
    }
}
