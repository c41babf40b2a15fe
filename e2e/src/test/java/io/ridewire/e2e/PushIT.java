package io.ridewire.e2e;

import io.ridewire.local.LocalStack;

import io.micronaut.json.JsonMapper;
import io.ridewire.functions.presence.Connection;
import io.ridewire.functions.presence.Presence;
import io.ridewire.model.identity.Caller;
import io.ridewire.model.identity.Role;
import io.ridewire.local.testing.TestStacks;
import io.ridewire.local.testing.WsClient;
import io.ridewire.model.protocol.EventType;
import io.ridewire.functions.push.Audience;
import io.ridewire.functions.push.Delivery;
import io.ridewire.functions.push.Push;
import io.ridewire.functions.presence.Member;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import static io.ridewire.local.testing.WsClient.text;
import static org.assertj.core.api.Assertions.assertThat;

/** Push through the management API: to a room, to a user, and the cleanup of stale connections. */
class PushIT {
    private final LocalStack stack = TestStacks.shared();
    private final JsonMapper json = stack.context().getBean(JsonMapper.class);
    private final Push push = stack.context().getBean(Push.class);
    private final Presence presence = stack.context().getBean(Presence.class);


    @Test
    void sendToRoom_reachesEveryLiveMember_andRemovesOnlyTheStaleOne() {
        String room = TestStacks.uniqueId("order");
        String stale = "c3RhbGVjb25uZWN0aW9u";
        String staleUser = TestStacks.uniqueId("customer");
        presence.addAll(new Connection(stale, new Caller(staleUser, Role.CUSTOMER, null),
                Instant.now().minus(Duration.ofMinutes(5)), Set.of(room)), false);
        try (WsClient a = WsClient.connectWithHeader(stack.webSocketUri(),
                stack.tokens().mint(Role.DRIVER, TestStacks.uniqueId("driver")), json);
             WsClient b = WsClient.connectWithHeader(stack.webSocketUri(),
                     stack.tokens().mint(Role.CUSTOMER, TestStacks.uniqueId("customer")), json)) {
            String aId = text(a.await("connection.established"), "payload.connection_id");
            String bId = text(b.await("connection.established"), "payload.connection_id");
            presence.add(aId, "driver", room);
            presence.add(bId, "customer", room);

            Delivery delivery = push.deliver(Audience.room(room), Push.event(EventType.PONG, Map.of("hello", room)));

            assertThat(delivery.delivered()).isEqualTo(2);
            assertThat(delivery.gone()).isEqualTo(1);
            assertThat(text(a.await("pong"), "payload.hello")).isEqualTo(room);
            assertThat(text(b.await("pong"), "payload.hello")).isEqualTo(room);
            assertThat(presence.members(room)).extracting(Member::connectionId)
                    .containsExactlyInAnyOrder(aId, bId);
            assertThat(presence.find(stale)).isEmpty();
            assertThat(presence.connectionsOf(staleUser)).isEmpty();
            assertThat(presence.find(aId)).isPresent();
        }
    }

    @Test
    void sendToUser_reachesTheUsersConnection() {
        String user = TestStacks.uniqueId("passenger");
        try (WsClient client = WsClient.connectWithHeader(stack.webSocketUri(), stack.tokens().mint(Role.PASSENGER, user), json)) {
            client.await("connection.established");
            Delivery delivery = push.deliver(Audience.user(user), Push.event(EventType.PONG, Map.of("to", user)));
            assertThat(delivery.delivered()).isEqualTo(1);
            assertThat(text(client.await("pong"), "payload.to")).isEqualTo(user);
        }
    }

    @Test
    void viaAKnownConnection_reachesItAlone_andWhenItIsGone_theAudience() {
        String user = TestStacks.uniqueId("passenger");
        try (WsClient client = WsClient.connectWithHeader(stack.webSocketUri(),
                stack.tokens().mint(Role.PASSENGER, user), json)) {
            String id = text(client.await("connection.established"), "payload.connection_id");

            Delivery direct = push.deliverVia(id, Audience.user(user), Push.event(EventType.PONG, Map.of("n", "1")));
            Delivery fallback = push.deliverVia("Z29uZWNvbm5lY3Rpb24=", Audience.user(user),
                    Push.event(EventType.PONG, Map.of("n", "2")));

            assertThat(direct.connections()).containsExactly(id);
            assertThat(fallback.delivered()).as("through the user's session once the known one answered 410")
                    .isEqualTo(1);
            assertThat(text(client.await("pong"), "payload.n")).isEqualTo("1");
            assertThat(text(client.await("pong"), "payload.n")).isEqualTo("2");
        }
    }

    @Test
    void leavingARoom_stopsItsMessages() {
        String room = TestStacks.uniqueId("room");
        try (WsClient client = WsClient.connectWithHeader(stack.webSocketUri(),
                stack.tokens().mint(Role.DRIVER, TestStacks.uniqueId("driver")), json)) {
            String id = text(client.await("connection.established"), "payload.connection_id");
            assertThat(presence.add(id, "d", room)).isTrue();
            presence.del(id, room);
            assertThat(push.deliver(Audience.room(room), Push.event(EventType.PONG, Map.of()))).isEqualTo(Delivery.NONE);
            assertThat(presence.find(id).orElseThrow().rooms()).doesNotContain(room);
        }
    }

    @Test
    void joiningARoomWithAGoneConnection_leavesNothingBehind() {
        String room = TestStacks.uniqueId("room");
        assertThat(presence.add("Z29uZWNvbm5lY3Rpb24=", "u", room)).isFalse();
        assertThat(presence.members(room)).isEmpty();
    }
}
