package io.ridewire.e2e;

import io.ridewire.local.LocalStack;

import io.micronaut.json.JsonMapper;
import io.ridewire.functions.aws.TableNames;
import io.ridewire.model.identity.Role;
import io.ridewire.local.testing.Eventually;
import io.ridewire.local.testing.TestStacks;
import io.ridewire.local.testing.WsClient;
import io.ridewire.deployment.TableCatalogue;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.ridewire.local.testing.WsClient.text;
import static org.assertj.core.api.Assertions.assertThat;

/** Connection rows, sessions and role rooms in DynamoDB, read back with the AWS SDK. */
class SessionsAndRoomsIT {
    private final LocalStack stack = TestStacks.shared();
    private final JsonMapper json = stack.context().getBean(JsonMapper.class);
    private final DynamoDbClient dynamo = stack.context().getBean(DynamoDbClient.class);
    private final TableNames tables = stack.context().getBean(TableNames.class);

    @Test
    void connect_recordsTheConnection_itsRoleRoom_andTheSession() {
        String driver = TestStacks.uniqueId("driver");
        try (WsClient client = WsClient.connectWithHeader(stack.webSocketUri(), stack.tokens().mint(Role.DRIVER, driver), json)) {
            String connectionId = text(client.await("connection.established"), "payload.connection_id");
            Map<String, AttributeValue> row = connectionRow(connectionId);
            assertThat(row.get("user_id").s()).isEqualTo(driver);
            assertThat(row.get("role").s()).isEqualTo("driver");
            assertThat(row.get("rooms").ss()).containsExactly("driver_" + driver);
            long ttl = Long.parseLong(row.get("expires_at").n());
            long connectedAt = Long.parseLong(row.get("connected_at").n()) / 1000;
            assertThat(ttl - connectedAt).as("TTL past the 2 h maximum").isGreaterThan(2 * 3600);
            assertThat(roomMembers("driver_" + driver)).containsExactly(connectionId);
            assertThat(sessionOf(driver)).containsExactly(connectionId);
        }
    }

    @Test
    void merchantJoinsTheStoreRoom_andAdminJoinsAdminUpdates() {
        String store = TestStacks.uniqueId("store");
        String merchant = TestStacks.uniqueId("merchant");
        String admin = TestStacks.uniqueId("admin");
        try (WsClient m = WsClient.connectWithHeader(stack.webSocketUri(),
                stack.tokens().mint(Role.MERCHANT, merchant, store, Duration.ofMinutes(5)), json);
             WsClient a = WsClient.connectWithHeader(stack.webSocketUri(), stack.tokens().mint(Role.ADMIN, admin), json)) {
            String merchantConnection = text(m.await("connection.established"), "payload.connection_id");
            String adminConnection = text(a.await("connection.established"), "payload.connection_id");
            assertThat(roomMembers("merchant_" + store)).containsExactly(merchantConnection);
            assertThat(roomMembers("admin_updates")).contains(adminConnection);
            assertThat(connectionRow(adminConnection).get("rooms").ss())
                    .containsExactlyInAnyOrder("admin_" + admin, "admin_updates");
        }
    }

    @Test
    void disconnect_removesTheConnectionItsMembershipsAndItsSessionEntry() {
        String passenger = TestStacks.uniqueId("passenger");
        WsClient client = WsClient.connectWithHeader(stack.webSocketUri(), stack.tokens().mint(Role.PASSENGER, passenger), json);
        String connectionId = text(client.await("connection.established"), "payload.connection_id");
        assertThat(connectionRow(connectionId)).isNotEmpty();
        client.close();
        Eventually.until(() -> connectionRow(connectionId).isEmpty());
        Eventually.until(() -> roomMembers("passenger_" + passenger).isEmpty());
        Eventually.until(() -> sessionOf(passenger).isEmpty());
    }

    @Test
    void secondSession_tellsTheFirstItWasReplaced_thenClosesIt_withCode1000() {
        String driver = TestStacks.uniqueId("driver");
        String token = stack.tokens().mint(Role.DRIVER, driver);
        WsClient first = WsClient.connectWithHeader(stack.webSocketUri(), token, json);
        String firstId = text(first.await("connection.established"), "payload.connection_id");
        try (WsClient second = WsClient.connectWithHeader(stack.webSocketUri(), token, json)) {
            String secondId = text(second.await("connection.established"), "payload.connection_id");
            assertThat(text(first.await("connection.error"), "payload.code")).isEqualTo("SESSION_REPLACED");
            assertThat(first.awaitClose(Duration.ofSeconds(10))).isEqualTo(1000);
            Eventually.until(() -> sessionOf(driver).equals(Set.of(secondId)));
            Eventually.until(() -> connectionRow(firstId).isEmpty());
            second.send("{\"type\":\"ping\",\"id\":\"p\"}");
            assertThat(text(second.await("pong"), "id")).isEqualTo("p");
        }
    }

    @Test
    void aCloseOfTheReplacedConnectionThatTheGatewayFails_isMadeAgain_untilOnlyTheNewOneIsOpen() {
        try (LocalStack own = TestStacks.start(b -> b)) {
            JsonMapper mapper = own.context().getBean(JsonMapper.class);
            String token = own.tokens().mint(Role.DRIVER, TestStacks.uniqueId("driver"));
            try (WsClient first = WsClient.connectWithHeader(own.webSocketUri(), token, mapper)) {
                first.await("connection.established");
                own.gateway().faults().failNextDeletes(1, 500);
                try (WsClient second = WsClient.connectWithHeader(own.webSocketUri(), token, mapper)) {
                    second.await("connection.established");

                    assertThat(first.awaitClose(Duration.ofSeconds(15))).as("closed by the deadline poller")
                            .isEqualTo(1000);
                    assertThat(own.gateway().faults().pendingDeleteFailures()).as("the first close did fail")
                            .isZero();
                    second.send("{\"type\":\"ping\",\"id\":\"p\"}");
                    assertThat(text(second.await("pong"), "id")).isEqualTo("p");
                }
            }
        }
    }

    @Test
    void withMultipleSessionsAllowed_bothConnectionsStayOpen() {
        try (LocalStack multi = TestStacks.start(b -> b.property("ridewire.connections.multiple-sessions", true))) {
            JsonMapper mapper = multi.context().getBean(JsonMapper.class);
            String user = TestStacks.uniqueId("customer");
            String token = multi.tokens().mint(Role.CUSTOMER, user);
            try (WsClient phone = WsClient.connectWithHeader(multi.webSocketUri(), token, mapper);
                 WsClient browser = WsClient.connectWithQuery(multi.webSocketUri(), token, mapper)) {
                phone.await("connection.established");
                browser.await("connection.established");
                phone.send("{\"type\":\"ping\",\"id\":\"1\"}");
                browser.send("{\"type\":\"ping\",\"id\":\"2\"}");
                assertThat(text(phone.await("pong"), "id")).isEqualTo("1");
                assertThat(text(browser.await("pong"), "id")).isEqualTo("2");
                assertThat(phone.isClosed()).isFalse();
            }
        }
    }

    private Map<String, AttributeValue> connectionRow(String connectionId) {
        return dynamo.getItem(b -> b.tableName(tables.of(TableCatalogue.CONNECTIONS)).consistentRead(true)
                .key(Map.of("connection_id", AttributeValue.fromS(connectionId)))).item();
    }

    private List<String> roomMembers(String room) {
        return dynamo.query(b -> b.tableName(tables.of(TableCatalogue.ROOMS)).consistentRead(true)
                        .keyConditionExpression("room = :r")
                        .expressionAttributeValues(Map.of(":r", AttributeValue.fromS(room))))
                .items().stream().map(i -> i.get("connection_id").s()).toList();
    }

    private Set<String> sessionOf(String userId) {
        var item = dynamo.getItem(b -> b.tableName(tables.of(TableCatalogue.SESSIONS)).consistentRead(true)
                .key(Map.of("user_id", AttributeValue.fromS(userId)))).item();
        return item == null || !item.containsKey("connections") ? Set.of() : Set.copyOf(item.get("connections").ss());
    }
}
