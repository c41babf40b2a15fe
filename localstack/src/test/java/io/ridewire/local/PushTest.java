package io.ridewire.local;

import io.micronaut.json.JsonMapper;
import io.ridewire.connections.Connection;
import io.ridewire.connections.ConnectionRegistry;
import io.ridewire.identity.Caller;
import io.ridewire.identity.Role;
import io.ridewire.local.testing.TestStacks;
import io.ridewire.local.testing.WsClient;
import io.ridewire.protocol.EventType;
import io.ridewire.push.Delivery;
import io.ridewire.push.Push;
import io.ridewire.rooms.RoomDirectory;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

import static io.ridewire.local.testing.WsClient.text;
import static org.assertj.core.api.Assertions.assertThat;

/** Push through the management API: to a room, to a user, and the cleanup of stale connections. */
class PushTest {
    private final LocalStack stack = TestStacks.shared();
    private final JsonMapper json = stack.context().getBean(JsonMapper.class);
    private final Push push = stack.context().getBean(Push.class);
    private final RoomDirectory rooms = stack.context().getBean(RoomDirectory.class);
    private final ConnectionRegistry registry = stack.context().getBean(ConnectionRegistry.class);

    @Test
    void sendToRoom_reachesEveryLiveMember_andRemovesOnlyTheStaleOne() {
        String room = TestStacks.uniqueId("order");
        String stale = "c3RhbGVjb25uZWN0aW9u";
        String staleUser = TestStacks.uniqueId("customer");
        registry.register(new Connection(stale, new Caller(staleUser, Role.CUSTOMER, null), Instant.now(), Set.of(room)));
        registry.openSession(staleUser, stale, Instant.now());
        try (WsClient a = WsClient.connectWithHeader(stack.webSocketUri(),
                stack.tokens().mint(Role.DRIVER, TestStacks.uniqueId("driver")), json);
             WsClient b = WsClient.connectWithHeader(stack.webSocketUri(),
                     stack.tokens().mint(Role.CUSTOMER, TestStacks.uniqueId("customer")), json)) {
            String aId = text(a.await("connection.established"), "payload.connection_id");
            String bId = text(b.await("connection.established"), "payload.connection_id");
            rooms.join(aId, "driver", room, Instant.now());
            rooms.join(bId, "customer", room, Instant.now());

            Delivery delivery = push.toRoom(room, Push.event(EventType.PONG, Map.of("hello", room)));

            assertThat(delivery).isEqualTo(new Delivery(2, 1, 0));
            assertThat(text(a.await("pong"), "payload.hello")).isEqualTo(room);
            assertThat(text(b.await("pong"), "payload.hello")).isEqualTo(room);
            assertThat(rooms.members(room)).extracting(RoomDirectory.Member::connectionId)
                    .containsExactlyInAnyOrder(aId, bId);
            assertThat(registry.find(stale)).isEmpty();
            assertThat(registry.connectionsOf(staleUser)).isEmpty();
            assertThat(registry.find(aId)).isPresent();
        }
    }

    @Test
    void sendToUser_reachesTheUsersConnection() {
        String user = TestStacks.uniqueId("passenger");
        try (WsClient client = WsClient.connectWithHeader(stack.webSocketUri(), stack.tokens().mint(Role.PASSENGER, user), json)) {
            client.await("connection.established");
            Delivery delivery = push.toUser(user, Push.event(EventType.PONG, Map.of("to", user)));
            assertThat(delivery.delivered()).isEqualTo(1);
            assertThat(text(client.await("pong"), "payload.to")).isEqualTo(user);
        }
    }

    @Test
    void leavingARoom_stopsItsMessages() {
        String room = TestStacks.uniqueId("room");
        try (WsClient client = WsClient.connectWithHeader(stack.webSocketUri(),
                stack.tokens().mint(Role.DRIVER, TestStacks.uniqueId("driver")), json)) {
            String id = text(client.await("connection.established"), "payload.connection_id");
            assertThat(rooms.join(id, "d", room, Instant.now())).isTrue();
            rooms.leave(id, room);
            assertThat(push.toRoom(room, Push.event(EventType.PONG, Map.of()))).isEqualTo(Delivery.NONE);
            assertThat(registry.find(id).orElseThrow().rooms()).doesNotContain(room);
        }
    }

    @Test
    void joiningARoomWithAGoneConnection_leavesNothingBehind() {
        String room = TestStacks.uniqueId("room");
        assertThat(rooms.join("Z29uZWNvbm5lY3Rpb24=", "u", room, Instant.now())).isFalse();
        assertThat(rooms.members(room)).isEmpty();
    }
}
