package io.ridewire.e2e.bridge;

import io.ridewire.e2e.fixtures.Events;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.ridewire.functions.delivery.DurableDelivery;
import io.ridewire.functions.delivery.Inbox;
import io.ridewire.functions.delivery.StoredEvent;
import io.ridewire.functions.orders.Order;
import io.ridewire.functions.orders.OrderService;
import io.ridewire.functions.presence.Connection;
import io.ridewire.functions.presence.Presence;
import io.ridewire.model.identity.Caller;
import io.ridewire.model.identity.Role;
import io.ridewire.model.inbound.PlaceOrder;
import io.ridewire.model.orders.OrderType;
import io.ridewire.model.orders.Place;
import io.ridewire.local.LocalStack;
import io.ridewire.local.testing.Eventually;
import io.ridewire.local.testing.TestStacks;
import io.ridewire.local.testing.WsClient;
import io.ridewire.functions.presence.Member;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static io.ridewire.local.testing.WsClient.text;
import static org.assertj.core.api.Assertions.assertThat;

/** Each routed subject reaches the right sockets through the gateway emulator (bridge running in the stack). */
class BridgeRoutingIT {
    private final LocalStack stack = TestStacks.shared();
    private final JsonMapper json = stack.context().getBean(JsonMapper.class);
    private final Events events = new Events(stack);

    private WsClient connect(Role role, String user) {
        WsClient client = WsClient.connectWithHeader(stack.webSocketUri(), stack.tokens().mint(role, user), json);
        client.await("connection.established");
        return client;
    }

    @Test
    void notificationMessage_reachesTheUser_withTheEventIdAsMessageId() {
        String user = TestStacks.uniqueId("passenger");
        try (WsClient client = connect(Role.PASSENGER, user)) {
            String eventId = events.publish("notification.message", "notification-service",
                    "{\"user_id\":\"" + user + "\",\"title\":\"Ride Completed\",\"message\":\"Thanks\",\"type\":\"success\","
                            + "\"action\":{\"type\":\"open_ride_details\",\"ride_id\":\"r1\"}}");
            JsonNode message = client.await("notification.message");
            assertThat(text(message, "id")).isEqualTo(eventId);
            assertThat(text(message, "payload.title")).isEqualTo("Ride Completed");
            assertThat(text(message, "payload.action.ride_id")).isEqualTo("r1");
            assertThat(text(message, "payload.notification_id")).isEqualTo(eventId);
            assertThat(text(message, "payload.user_id")).isNull();
        }
    }

    @Test
    void matchFound_becomesAMatchProposal_forDriverAndPassenger_mappedToTheClientShape() {
        String driver = TestStacks.uniqueId("driver");
        String passenger = TestStacks.uniqueId("passenger");
        try (WsClient d = connect(Role.DRIVER, driver); WsClient p = connect(Role.PASSENGER, passenger)) {
            events.publish("match.found", "match-service", "{\"match_id\":\"m1\",\"driver_id\":\"" + driver
                    + "\",\"passenger_id\":\"" + passenger + "\",\"pickup_location\":{\"latitude\":-6.2088,\"longitude\":106.8456},"
                    + "\"estimates\":{\"distance_km\":3.2,\"duration_minutes\":15,\"fare_estimate\":9600},"
                    + "\"driver_info\":{\"name\":\"John Driver\"},\"expires_at\":\"2025-01-08T10:05:00Z\"}");
            for (WsClient client : new WsClient[] {d, p}) {
                JsonNode proposal = client.await("match.proposal");
                assertThat(text(proposal, "payload.match_id")).isEqualTo("m1");
                assertThat(text(proposal, "payload.estimated_fare")).isEqualTo("9600");
                assertThat(text(proposal, "payload.estimated_distance_km")).isEqualTo("3.2");
                assertThat(text(proposal, "payload.driver_info.name")).isEqualTo("John Driver");
                assertThat(text(proposal, "ack_required")).isEqualTo("true");
            }
        }
    }

    @Test
    void orderStatusChanged_reachesEveryMemberOfTheOrderRoom() {
        String order = TestStacks.uniqueId("o");
        String customer = TestStacks.uniqueId("c");
        String driver = TestStacks.uniqueId("d");
        Presence presence = stack.context().getBean(Presence.class);
        try (WsClient c = connect(Role.CUSTOMER, customer);
             WsClient d = connect(Role.DRIVER, driver);
             WsClient outsider = connect(Role.CUSTOMER, TestStacks.uniqueId("x"))) {
            for (String user : new String[] {customer, driver}) {
                presence.add(presence.connectionsOf(user).iterator().next(), user, "order_" + order);
            }
            events.publish("order.status_changed", "order-service",
                    "{\"order_id\":\"" + order + "\",\"status\":\"preparing\",\"changed_at\":\"2025-01-08T10:00:00Z\"}");
            for (WsClient member : new WsClient[] {c, d}) {
                JsonNode update = member.await("order:status_update");
                assertThat(text(update, "payload.order_id")).isEqualTo(order);
                assertThat(text(update, "payload.status")).isEqualTo("preparing");
                assertThat(text(update, "payload.timestamp")).isEqualTo("2025-01-08T10:00:00Z");
            }
            outsider.assertNone("order:status_update", Duration.ofMillis(500));
        }
    }

    @Test
    void orderStatusChanged_forAnOrderRidewireKeeps_isStoredForItsOfflineCustomerAndStore_andPushedToWatchers() {
        String customer = TestStacks.uniqueId("c");
        String storeId = TestStacks.uniqueId("store");
        Order order = stack.context().getBean(OrderService.class).place(new Caller(customer, Role.CUSTOMER, null),
                new PlaceOrder(OrderType.DELIVERY, storeId, items(), new Place(-6.2, 106.8, "Warung 1"),
                        new Place(-6.17, 106.8, null)), null).order();
        String admin = TestStacks.uniqueId("admin");
        Presence presence = stack.context().getBean(Presence.class);
        try (WsClient watcher = connect(Role.ADMIN, admin)) {
            presence.add(presence.connectionsOf(admin).iterator().next(), admin, "order_" + order.orderId());
            // the customer is offline: only an inbox keeps the update for their next sync
            String eventId = events.publish("order.status_changed", "order-service", "{\"order_id\":\""
                    + order.orderId() + "\",\"status\":\"preparing\",\"changed_at\":\"2025-01-08T10:00:00Z\"}");

            JsonNode watched = watcher.await("order:status_update");
            assertThat(text(watched, "id")).isEqualTo(eventId);
            assertThat(text(watched, "seq")).as("a watcher's frame, not an inbox's").isNull();
            DurableDelivery delivery = stack.context().getBean(DurableDelivery.class);
            for (Inbox inbox : List.of(Inbox.user(customer), Inbox.store(storeId))) {
                assertThat(delivery.since(inbox, 0, null, 10).events()).extracting(StoredEvent::eventId)
                        .as("kept in %s", inbox).containsOnlyOnce(eventId);
            }
            assertThat(delivery.since(Inbox.user(admin), 0, null, 10).events()).as("no inbox copy for a watcher")
                    .isEmpty();
        }
    }

    private JsonNode items() {
        try {
            return json.readValue("[{\"sku\":\"nasi-goreng\",\"qty\":2}]", JsonNode.class);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void paymentCompleted_reachesPassengerAndDriver() {
        String driver = TestStacks.uniqueId("driver");
        String passenger = TestStacks.uniqueId("passenger");
        try (WsClient d = connect(Role.DRIVER, driver); WsClient p = connect(Role.PASSENGER, passenger)) {
            events.publish("payment.completed", "payment-service", "{\"payment_id\":\"pay1\",\"ride_id\":\"r1\",\"passenger_id\":\""
                    + passenger + "\",\"driver_id\":\"" + driver + "\",\"amount\":8640,\"payment_method\":\"wallet\","
                    + "\"transaction_id\":\"t1\",\"fees\":{\"admin_fee\":432},\"driver_payout\":{\"amount\":8208}}");
            for (WsClient client : new WsClient[] {d, p}) {
                JsonNode completed = client.await("payment.completed");
                assertThat(text(completed, "payload.amount")).isEqualTo("8640");
                assertThat(text(completed, "payload.driver_earnings")).isEqualTo("8208");
                assertThat(text(completed, "payload.admin_fee")).isEqualTo("432");
                assertThat(text(completed, "payload.method")).isEqualTo("wallet");
            }
        }
    }

    @Test
    void systemNotification_reachesEveryConnectedRole() {
        try (WsClient driver = connect(Role.DRIVER, TestStacks.uniqueId("d"));
             WsClient merchant = WsClient.connectWithHeader(stack.webSocketUri(),
                     stack.tokens().mint(Role.MERCHANT, TestStacks.uniqueId("m"), "s1", Duration.ofMinutes(5)), json)) {
            merchant.await("connection.established");
            String title = TestStacks.uniqueId("maintenance");
            events.publish("notification.system", "ops", "{\"title\":\"" + title + "\",\"message\":\"2-4 AM\",\"type\":\"warning\"}");
            assertThat(text(driver.await(m -> title.equals(text(m, "payload.title")), Duration.ofSeconds(10), title), "type"))
                    .isEqualTo("notification.system");
            assertThat(text(merchant.await(m -> title.equals(text(m, "payload.title")), Duration.ofSeconds(10), title), "type"))
                    .isEqualTo("notification.system");
        }
    }

    @Test
    void aGoneRecipientIsCleanedUp_andTheOthersStillGetTheEvent() {
        String room = TestStacks.uniqueId("ride");
        String rideId = room.substring("ride-".length());
        Presence presence = stack.context().getBean(Presence.class);
        String stale = "c3RhbGVicmlkZ2Vfcg";
        presence.addAll(new Connection(stale, new Caller("ghost", Role.PASSENGER, null),
                Instant.now().minus(Duration.ofMinutes(5)), Set.of("ride_" + rideId)), false);
        String driver = TestStacks.uniqueId("driver");
        try (WsClient d = connect(Role.DRIVER, driver)) {
            String live = presence.connectionsOf(driver).iterator().next();
            presence.add(live, driver, "ride_" + rideId);
            events.publish("ride.progress", "rides-service", "{\"ride_id\":\"" + rideId + "\",\"current_location\":"
                    + "{\"latitude\":-6.215,\"longitude\":106.84,\"timestamp\":\"2025-01-08T10:05:00Z\"},"
                    + "\"distance_traveled_km\":1.5,\"duration_minutes\":5,\"current_fare\":4500,"
                    + "\"estimated_remaining\":{\"distance_km\":1.7,\"time_minutes\":10}}");
            JsonNode progress = d.await("ride.progress");
            assertThat(text(progress, "payload.estimated_remaining_distance_km")).isEqualTo("1.7");
            assertThat(text(progress, "payload.estimated_remaining_time_minutes")).isEqualTo("10");
            assertThat(text(progress, "payload.timestamp")).isEqualTo("2025-01-08T10:05:00Z");
            // the stale connection's row goes first, then its memberships
            Eventually.until(() -> presence.find(stale).isEmpty()
                    && presence.members("ride_" + rideId).stream().map(Member::connectionId).toList().equals(List.of(live)));
        }
    }

    @Test
    void ridewiresOwnEvents_areNotRelayedBack() {
        String user = TestStacks.uniqueId("passenger");
        try (WsClient client = connect(Role.PASSENGER, user)) {
            events.publish("notification.message", "ridewire-functions", "{\"user_id\":\"" + user + "\",\"title\":\"echo\"}");
            client.assertNone("notification.message", Duration.ofSeconds(1));
        }
    }
}
