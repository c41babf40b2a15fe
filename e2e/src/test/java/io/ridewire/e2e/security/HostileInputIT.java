package io.ridewire.e2e.security;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.ridewire.model.identity.Role;
import io.ridewire.local.LocalStack;
import io.ridewire.local.testing.Eventually;
import io.ridewire.local.testing.RestClient;
import io.ridewire.local.testing.TestStacks;
import io.ridewire.local.testing.WsClient;
import io.ridewire.deployment.Route;
import io.ridewire.deployment.RouteCatalogue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.ridewire.local.testing.WsClient.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile clients against a stack outside development mode, with rate limits off (so every probe reaches its
 * handler) and deadlines polled only hourly (so only the per-message check can end a session).
 */
class HostileInputIT {
    private static final String OVERSIZED = "x".repeat(20_000);
    /** A valid-looking payload of every client event, by role allowed to send it; a new route must add one. */
    private static final Map<String, Sample> SAMPLES = Map.ofEntries(
            sample("ping", Role.DRIVER, Map.of()),
            sample("auth.refresh", Role.DRIVER, Map.of("token", "e30.e30.sig")),
            sample("ack", Role.DRIVER, Map.of("id", "evt-1")),
            sample("sync", Role.DRIVER, Map.of("since", 0, "limit", 10)),
            sample("driver:location_update", Role.DRIVER, Map.of("lat", -6.2, "lng", 106.8, "heading", 90, "speed", 10)),
            sample("order:join", Role.CUSTOMER, Map.of("order_id", "ord-1")),
            sample("viewing_order", Role.DRIVER, Map.of("order_id", "ord-1")),
            sample("stop_viewing_order", Role.DRIVER, Map.of("order_id", "ord-1")),
            sample("request_lock", Role.DRIVER, Map.of("order_id", "ord-1")),
            sample("beacon.update", Role.DRIVER, Map.of("is_active", true, "user_type", "driver",
                    "location", point(), "vehicle_info", Map.of("type", "motorcycle", "license_plate", "B 1234 XYZ"),
                    "driver_info", Map.of("name", "Budi", "phone", "0812"))),
            sample("location.update", Role.DRIVER, Map.of("location", point(), "timestamp", Instant.now().toString(),
                    "ride_id", "ride-1")),
            sample("match.request", Role.PASSENGER, Map.of("pickup_location", place(), "destination_location", place(),
                    "preferences", Map.of("vehicle_type", "motorcycle"), "passenger_info", Map.of("name", "Sari", "phone", "0813"))),
            sample("match.accept", Role.DRIVER, Map.of("match_id", "match-1")),
            sample("match.reject", Role.DRIVER, Map.of("match_id", "match-1")),
            sample("match.cancel", Role.PASSENGER, Map.of("match_id", "match-1", "reason", "changed my mind")),
            sample("ride.start", Role.DRIVER, Map.of("match_id", "match-1", "location", point())),
            sample("ride.arrived", Role.DRIVER, Map.of("ride_id", "ride-1", "adjustment_reason", "traffic")),
            sample("ride.cancel", Role.PASSENGER, Map.of("ride_id", "ride-1")),
            sample("payment.method_selected", Role.PASSENGER, Map.of("payment_id", "pay-1", "method", "wallet")));

    private static LocalStack stack;
    private static JsonMapper json;
    private static final Map<Role, WsClient> clients = new EnumMap<>(Role.class);

    private record Sample(Role role, Map<String, Object> payload) {
    }

    private static Map.Entry<String, Sample> sample(String type, Role role, Map<String, Object> payload) {
        return Map.entry(type, new Sample(role, payload));
    }

    private static Map<String, Object> point() {
        return Map.of("latitude", -6.2, "longitude", 106.8, "accuracy", 5);
    }

    private static Map<String, Object> place() {
        return Map.of("latitude", -6.2, "longitude", 106.8, "address", "Jl. Sudirman 1");
    }

    @BeforeAll
    static void start() {
        stack = TestStacks.start(b -> b.devMode(false)
                .property("ridewire.rate-limit.enabled", false)
                .property("ridewire.deadlines.poll-interval", "1h"));
        json = stack.context().getBean(JsonMapper.class);
        for (Role role : List.of(Role.DRIVER, Role.PASSENGER, Role.CUSTOMER)) {
            WsClient client = WsClient.connectWithHeader(stack.webSocketUri(),
                    stack.tokens().mint(role, TestStacks.uniqueId(role.claim())), json);
            client.await("connection.established");
            clients.put(role, client);
        }
    }

    @AfterAll
    static void stop() {
        clients.values().forEach(WsClient::close);
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void everyClientEventOfTheCatalogue_hasASample() {
        List<String> routes = RouteCatalogue.routes().stream().map(Route::routeKey)
                .filter(key -> !key.startsWith("$")).toList();
        assertThat(SAMPLES.keySet()).containsExactlyInAnyOrderElementsOf(routes);
    }

    @Test
    void everyEvent_withA20KbMessageId_isAValidationErrorOnTheId() {
        for (String type : SAMPLES.keySet()) {
            Sample sample = SAMPLES.get(type);
            JsonNode reply = exchange(sample.role(), type, OVERSIZED, sample.payload());
            assertValidation(type + " id", reply, "id", "TOO_LONG");
        }
    }

    @Test
    void everyFieldOfEveryEvent_oversizedOrWrongTyped_isAValidationErrorNamingIt() {
        List<String> failures = new ArrayList<>();
        for (var entry : SAMPLES.entrySet()) {
            for (String path : leaves(entry.getValue().payload(), "")) {
                for (Object hostile : List.of(OVERSIZED, List.of(OVERSIZED), Map.of("nested", OVERSIZED))) {
                    Map<String, Object> payload = replace(entry.getValue().payload(), path, hostile);
                    JsonNode reply = exchange(entry.getValue().role(), entry.getKey(), "probe", payload);
                    String what = entry.getKey() + " " + path + " = " + describe(hostile);
                    if (!"error.validation".equals(text(reply, "type")) || !path.equals(text(reply, "payload.field"))) {
                        failures.add(what + " → " + text(reply, "type") + " " + text(reply, "payload.field") + " "
                                + text(reply, "payload.code"));
                    }
                }
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void oversizedStrings_areRefusedWithTooLong_andControlCharactersWithInvalidCharacters() {
        JsonNode tooLong = exchange(Role.PASSENGER, "match.cancel", "c-1", Map.of("match_id", "m-1", "reason", "r".repeat(501)));
        assertValidation("reason", tooLong, "reason", "TOO_LONG");
        JsonNode control = exchange(Role.PASSENGER, "match.cancel", "c-2", Map.of("match_id", "m-1", "reason", "a\u0000b"));
        assertValidation("reason", control, "reason", "INVALID_CHARACTERS");
        JsonNode badId = exchange(Role.DRIVER, "ack", "c-3", Map.of("id", "evt 1"));
        assertValidation("ack id", badId, "id", "INVALID_CHARACTERS");
    }

    @Test
    void aMessageAfterTheTokenExpired_isRefusedWithAuthExpired_evenBeforeAnyTimerFires() {
        String user = TestStacks.uniqueId("driver");
        Instant expiry = Instant.now().plusSeconds(3);
        try (WsClient client = WsClient.connectWithHeader(stack.webSocketUri(),
                stack.tokens().mint(Role.DRIVER, user, null, Duration.ofSeconds(3)), json)) {
            client.await("connection.established");
            client.send("{\"type\":\"ping\",\"id\":\"before\"}");
            assertThat(text(client.await("pong"), "id")).isEqualTo("before");
            Eventually.until(() -> Instant.now().isAfter(expiry.plusSeconds(1)), Duration.ofSeconds(30));
            client.send("{\"type\":\"ping\",\"id\":\"after\"}");
            JsonNode refused = client.await(m -> "after".equals(text(m, "id")), Duration.ofSeconds(10), "reply to after");
            assertThat(text(refused, "type")).isEqualTo("connection.error");
            assertThat(text(refused, "payload.code")).isEqualTo("AUTH_EXPIRED");
        }
    }

    @Test
    void localEndpoints_areNotServedOutsideDevelopmentMode() {
        RestClient rest = new RestClient(stack.gateway().restEndpoint(), json);
        assertThat(rest.get("/_local/token?role=admin&sub=mallory", null).status()).isEqualTo(404);
        assertThat(rest.post("/_local/faults?fail_posts=5", null, "").status()).isEqualTo(404);
    }

    private static JsonNode exchange(Role role, String type, String id, Map<String, Object> payload) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("type", type);
        envelope.put("id", id);
        envelope.put("payload", payload);
        WsClient client = clients.get(role);
        try {
            client.send(json.writeValueAsString(envelope));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // the reply to an invalid id cannot echo it: it carries a server id and names the field instead
        JsonNode reply = client.poll(m -> id.length() > 128 ? "id".equals(text(m, "payload.field")) : id.equals(text(m, "id")),
                Duration.ofSeconds(15));
        return reply != null ? reply : JsonNode.createObjectNode(Map.of("type", JsonNode.createStringNode("no reply within 15 s")));
    }

    private static void assertValidation(String what, JsonNode reply, String field, String code) {
        assertThat(text(reply, "type")).as(what + ": " + reply).isEqualTo("error.validation");
        assertThat(text(reply, "payload.field")).as(what).isEqualTo(field);
        assertThat(text(reply, "payload.code")).as(what).isEqualTo(code);
    }

    /** Dotted paths of every leaf of a payload. */
    @SuppressWarnings("unchecked")
    private static List<String> leaves(Map<String, Object> payload, String prefix) {
        List<String> paths = new ArrayList<>();
        payload.forEach((name, value) -> {
            if (value instanceof Map<?, ?> nested) {
                paths.addAll(leaves((Map<String, Object>) nested, prefix + name + "."));
            } else {
                paths.add(prefix + name);
            }
        });
        return paths;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> replace(Map<String, Object> payload, String path, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(payload);
        int dot = path.indexOf('.');
        if (dot < 0) {
            copy.put(path, value);
        } else {
            String head = path.substring(0, dot);
            copy.put(head, replace((Map<String, Object>) payload.get(head), path.substring(dot + 1), value));
        }
        return copy;
    }

    private static String describe(Object hostile) {
        return hostile instanceof String s ? "string(" + s.length() + ")" : hostile instanceof List<?> ? "array" : "object";
    }
}
