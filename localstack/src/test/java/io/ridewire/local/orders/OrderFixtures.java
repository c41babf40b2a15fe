package io.ridewire.local.orders;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.ridewire.model.identity.Role;
import io.ridewire.local.LocalStack;
import io.ridewire.local.testing.RestClient;
import io.ridewire.local.testing.TestStacks;
import io.ridewire.local.testing.WsClient;
import io.ridewire.functions.drivers.DriverIndex;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the order tests share: people with tokens and sockets, a random patch of the map per test (so tests sharing
 * the stack's driver pool never offer each other's orders), and the REST calls of the flows.
 */
final class OrderFixtures {
    final LocalStack stack;
    final JsonMapper json;
    final RestClient rest;
    /** The centre of this test's patch of the map; pickups are here. */
    final double lat;
    final double lng;

    OrderFixtures(LocalStack stack) {
        this.stack = stack;
        this.json = stack.context().getBean(JsonMapper.class);
        this.rest = new RestClient(stack.gateway().restEndpoint(), json);
        this.lat = ThreadLocalRandom.current().nextDouble(-55, 55);
        this.lng = ThreadLocalRandom.current().nextDouble(-170, 170);
    }

    /** A person: id, token, and (once connected) a socket. */
    record Person(String id, Role role, String storeId, String token) {
    }

    Person person(Role role) {
        String id = TestStacks.uniqueId(role.claim());
        return new Person(id, role, null, stack.tokens().mint(role, id));
    }

    Person merchant(String storeId) {
        String id = TestStacks.uniqueId("merchant");
        return new Person(id, Role.MERCHANT, storeId, stack.tokens().mint(Role.MERCHANT, id, storeId, Duration.ofHours(1)));
    }

    WsClient connect(Person person) {
        WsClient client = WsClient.connectWithHeader(stack.webSocketUri(), person.token(), json);
        client.await("connection.established");
        return client;
    }

    /** A driver reports a position {@code northKm} north of the centre, and is in the pool once this returns. */
    void driverAt(WsClient socket, Person driver, double northKm) {
        double at = lat + northKm / 111.0;
        java.time.Instant sentAt = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        socket.send(String.format(Locale.ROOT,
                "{\"type\":\"driver:location_update\",\"payload\":{\"lat\":%.6f,\"lng\":%.6f,\"heading\":90,\"speed\":30}}",
                at, lng));
        DriverIndex pool = stack.context().getBean(DriverIndex.class);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (pool.lastPosition(driver.id()).map(p -> Math.abs(p.lat() - at) > 1e-6 || p.updatedAt().isBefore(sentAt))
                .orElse(true)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("driver " + driver.id() + " never reached the pool");
            }
            sleep(20);
        }
    }

    String deliveryBody(String storeId) {
        return String.format(Locale.ROOT, """
                {"type":"delivery","store_id":"%s","items":[{"sku":"nasi-goreng","qty":2},{"sku":"teh-botol","qty":1}],
                 "pickup":{"lat":%.6f,"lng":%.6f,"address":"Warung 1"},"drop":{"lat":%.6f,"lng":%.6f}}""",
                storeId, lat, lng, lat + 0.03, lng);
    }

    String taxiBody() {
        return String.format(Locale.ROOT, """
                {"type":"taxi","pickup":{"lat":%.6f,"lng":%.6f},"drop":{"lat":%.6f,"lng":%.6f,"address":"Airport"}}""",
                lat, lng, lat + 0.05, lng + 0.05);
    }

    /** Places an order and returns its id. */
    String place(Person customer, String body) {
        RestClient.Response placed = rest.post("/orders", customer.token(), body);
        assertThat(placed.status()).as(placed.raw()).isEqualTo(201);
        return placed.text("order_id");
    }

    RestClient.Response status(Person who, String orderId, String status) {
        return rest.post("/orders/" + orderId + "/status", who.token(), "{\"status\":\"" + status + "\"}");
    }

    void moveTo(Person who, String orderId, String status) {
        RestClient.Response moved = status(who, orderId, status);
        assertThat(moved.status()).as(moved.raw()).isEqualTo(200);
        assertThat(moved.text("status")).isEqualTo(status);
    }

    RestClient.Response accept(Person driver, String orderId) {
        return rest.post("/orders/" + orderId + "/accept", driver.token(), "");
    }

    JsonNode order(Person who, String orderId) {
        RestClient.Response order = rest.get("/orders/" + orderId, who.token());
        assertThat(order.status()).as(order.raw()).isEqualTo(200);
        return order.body();
    }

    static String send(String type, String orderId) {
        return "{\"type\":\"" + type + "\",\"payload\":{\"order_id\":\"" + orderId + "\"}}";
    }

    /** Waits for the next {@code type} event about this order. */
    static JsonNode awaitFor(WsClient socket, String type, String orderId) {
        return socket.await(m -> type.equals(WsClient.text(m, "type")) && orderId.equals(orderIdOf(m)),
                Duration.ofSeconds(10), type + " of " + orderId);
    }

    /** Waits for {@code order:status_update} with this status. */
    static JsonNode awaitStatus(WsClient socket, String orderId, String status) {
        return socket.await(m -> "order:status_update".equals(WsClient.text(m, "type"))
                        && orderId.equals(WsClient.text(m, "payload.order_id"))
                        && status.equals(WsClient.text(m, "payload.status")),
                Duration.ofSeconds(10), "order:status_update " + status + " of " + orderId);
    }

    static String orderIdOf(JsonNode message) {
        String id = WsClient.text(message, "payload.order_id");
        return id != null ? id : WsClient.text(message, "payload.order.order_id");
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
