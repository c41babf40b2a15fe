package io.ridewire.e2e.presence;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.ridewire.functions.aws.DynamoCallCounter;
import io.ridewire.model.identity.Caller;
import io.ridewire.model.identity.Role;
import io.ridewire.local.LocalStack;
import io.ridewire.local.testing.Eventually;
import io.ridewire.local.testing.TestStacks;
import io.ridewire.local.testing.WsClient;
import io.ridewire.functions.deadlines.Deadlines;
import io.ridewire.functions.presence.Connection;
import io.ridewire.functions.presence.Presence;
import io.ridewire.model.protocol.EventType;
import io.ridewire.functions.push.Audience;
import io.ridewire.functions.push.Delivery;
import io.ridewire.functions.push.Push;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static io.ridewire.local.testing.WsClient.text;
import static org.assertj.core.api.Assertions.assertThat;

/** Presence under races: simultaneous connects of one user, a gone connection, and rows always matching sockets. */
class SessionRaceIT {
    private final LocalStack stack = TestStacks.shared();
    private final JsonMapper json = stack.context().getBean(JsonMapper.class);
    private final Presence presence = stack.context().getBean(Presence.class);
    private final Push push = stack.context().getBean(Push.class);
    private final Deadlines deadlines = stack.context().getBean(Deadlines.class);

    @RepeatedTest(20)
    void fifteenParallelConnectsOfOneUser_leaveExactlyOneOpenSocket_withItsRows_thatReceivesPushes() throws Exception {
        String user = TestStacks.uniqueId("passenger");
        String token = stack.tokens().mint(Role.PASSENGER, user);
        List<WsClient> clients = new ArrayList<>();
        try (ExecutorService connecting = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<WsClient>> connects = IntStream.range(0, 15)
                    .mapToObj(i -> connecting.submit(() -> WsClient.connectWithHeader(stack.webSocketUri(), token, json)))
                    .toList();
            for (Future<WsClient> connect : connects) {
                clients.add(connect.get());
            }
        }
        try {
            Eventually.until(() -> clients.stream().filter(c -> !c.isClosed()).count() == 1, Duration.ofSeconds(30));
            WsClient survivor = clients.stream().filter(c -> !c.isClosed()).findFirst().orElseThrow();
            for (WsClient replaced : clients) {
                if (replaced != survivor) {
                    // told why, even when replaced mid-handshake: a bare close would have its client reconnect
                    JsonNode reason = replaced.poll(m -> "connection.error".equals(text(m, "type")), Duration.ofSeconds(5));
                    assertThat(reason).as("a replaced connection is told why before it closes").isNotNull();
                    assertThat(text(reason, "payload.code")).isEqualTo("SESSION_REPLACED");
                    assertThat(replaced.awaitClose(Duration.ofSeconds(5))).isEqualTo(1000);
                }
            }
            String connectionId = text(survivor.await("connection.established"), "payload.connection_id");

            assertThat(presence.find(connectionId)).as("the open socket has its row").isPresent();
            assertThat(presence.connectionsOf(user)).containsExactly(connectionId);
            String marker = TestStacks.uniqueId("push");
            Delivery delivery = push.deliver(Audience.user(user), Push.event(EventType.PONG, Map.of("marker", marker)));
            assertThat(delivery.delivered()).isEqualTo(1);
            assertThat(text(survivor.await("pong"), "payload.marker")).isEqualTo(marker);
            assertThat(survivor.isClosed()).isFalse();
        } finally {
            clients.forEach(WsClient::close);
        }
    }

    @Test
    void aGoneConnection_isForgottenOnce_andWhatWasQueuedBehindItFailsAsGone() throws Exception {
        String stale = "Z29uZW9uY2UtY29ubmVjdGlvbg";
        String user = TestStacks.uniqueId("customer");
        String room = TestStacks.uniqueId("order");
        presence.addAll(new Connection(stale, new Caller(user, Role.CUSTOMER, null),
                Instant.now().minus(Duration.ofMinutes(5)), Set.of(room)), false);
        List<Future<Delivery>> posts = new ArrayList<>();
        try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 10; i++) {
                posts.add(senders.submit(() -> push.deliver(Audience.connection(stale),
                        Push.event(EventType.PONG, Map.of()))));
            }
        }
        for (Future<Delivery> post : posts) {
            assertThat(post.get().gone()).isEqualTo(1);
        }
        assertThat(presence.find(stale)).isEmpty();
        assertThat(presence.members(room)).isEmpty();
        assertThat(presence.connectionsOf(user)).isEmpty();
        assertThat(presence.delGone(stale)).as("nothing left to forget a second time").isEmpty();
    }

    @Test
    void aDriverFoundGoneByAPush_leavesLikeADisconnect_once() {
        // its $disconnect was lost (the function crashed): the next push's 410 is how Ridewire learns it left
        String stale = "ZHJpdmVyLWZvdW5kLWdvbmU";
        String driver = TestStacks.uniqueId("driver");
        String offline = "driver.offline:" + driver;
        presence.addAll(new Connection(stale, new Caller(driver, Role.DRIVER, null),
                Instant.now().minus(Duration.ofMinutes(5)), Set.of("driver_" + driver)), false);

        assertThat(push.deliver(Audience.user(driver), Push.event(EventType.PONG, Map.of())).gone()).isEqualTo(1);
        assertThat(deadlines.dueAt(offline)).as("the grace before leaving the pool has started").isPresent();

        assertThat(deadlines.cancel(offline)).isTrue();
        push.deliver(Audience.connection(stale), Push.event(EventType.PONG, Map.of()));
        assertThat(deadlines.dueAt(offline)).as("a second 410 forgets nothing, so nobody is told again").isEmpty();
    }

    @Test
    void aDepartureFoundByARouteThatOnlyPushes_runsUnderThatRoutesGrants_andCountsAgainstIt() {
        // location.update is granted PUSH alone: in AWS its 410's cleanup runs in its function, under its role
        String route = EventType.LOCATION_UPDATE.wireName();
        String stale = "bG9jYXRpb24tdXBkYXRlLWdvbmU";
        String driver = TestStacks.uniqueId("driver");
        String offline = "driver.offline:" + driver;
        presence.addAll(new Connection(stale, new Caller(driver, Role.DRIVER, null),
                Instant.now().minus(Duration.ofMinutes(5)), Set.of("driver_" + driver)), false);
        DynamoCallCounter counter = stack.context().getBean(DynamoCallCounter.class);
        Map<String, Long> before = counter.snapshot(route);
        int refusedBefore = stack.grants().refused().size();

        Delivery delivery = DynamoCallCounter.attributedTo(route,
                () -> push.deliver(Audience.user(driver), Push.event(EventType.PONG, Map.of())));

        assertThat(delivery.gone()).isEqualTo(1);
        List<String> refused = stack.grants().refused();
        assertThat(refused.subList(refusedBefore, refused.size())).as("the departure is within the route's grants")
                .isEmpty();
        assertThat(presence.find(stale)).isEmpty();
        assertThat(deadlines.dueAt(offline)).as("the driver's offline grace has started").isPresent();
        Map<String, Long> after = counter.snapshot(route);
        // the item's delete (a transaction), the offline grace (a put), both session timers cancelled (deletes)
        assertThat(after.getOrDefault("TransactWriteItems", 0L) - before.getOrDefault("TransactWriteItems", 0L))
                .as("the connection's delete counts against the route").isEqualTo(1);
        assertThat(after.getOrDefault("PutItem", 0L) - before.getOrDefault("PutItem", 0L)).isEqualTo(1);
        assertThat(after.getOrDefault("DeleteItem", 0L) - before.getOrDefault("DeleteItem", 0L)).isEqualTo(2);
        deadlines.cancel(offline);
    }

    @Test
    void a410WhileTheHandshakeIsUnderway_doesNotDeleteTheRows() {
        String young = "eW91bmctY29ubmVjdGlvbg";
        String user = TestStacks.uniqueId("driver");
        presence.addAll(new Connection(young, new Caller(user, Role.DRIVER, null), Instant.now(),
                Set.of("driver_" + user)), false);

        Delivery delivery = push.deliver(Audience.user(user), Push.event(EventType.PONG, Map.of()));

        assertThat(delivery.gone()).isEqualTo(1);
        assertThat(presence.find(young)).as("a connection that opened just now is not taken for gone").isPresent();
        assertThat(presence.connectionsOf(user)).containsExactly(young);
        assertThat(deadlines.dueAt("driver.offline:" + user)).as("nor has the driver left").isEmpty();
        presence.delAll(young);
    }
}
