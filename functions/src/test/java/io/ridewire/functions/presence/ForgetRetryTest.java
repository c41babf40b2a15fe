package io.ridewire.functions.presence;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.BeanProvider;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.ridewire.deployment.TableCatalogue;
import io.ridewire.functions.aws.TableNames;
import io.ridewire.functions.redis.RedisConnections;
import io.ridewire.functions.testing.LostAnswers;
import io.ridewire.functions.testing.ServiceContext;
import io.ridewire.model.identity.Caller;
import io.ridewire.model.identity.Role;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A forget whose delete of the connection's item is applied but whose answer is lost (the SDK sees a 500 and sends
 * the same request again), against DynamoDB Local: the retry still counts as the forget that deleted it, so the
 * disconnect listeners are told (once), instead of the retry finding the item gone and telling no one.
 */
@MicronautTest(contextBuilder = ServiceContext.Shared.class)
class ForgetRetryTest {
    @Inject
    ApplicationContext context;
    @Inject
    Presence presence;
    @Inject
    TableNames tables;

    @Test
    void aCloseRetriedAfterItsDeletesAnswerWasLost_stillTellsTheListeners() {
        closeLosing(1);
    }

    @Test
    void aCloseRetriedTwice_stillTellsTheListenersOnce() {
        closeLosing(2);
    }

    @Test
    void aGoneConnectionRetriedAfterItsDeletesAnswerWasLost_stillTellsTheListeners() {
        String connectionId = "c-" + UUID.randomUUID();
        presence.addAll(driver(connectionId, Instant.now().minusSeconds(600)), false);
        AtomicInteger lost = new AtomicInteger();
        List<Connection> told = new CopyOnWriteArrayList<>();

        var forgotten = departures(losingDeleteAnswers(1, lost), told).gone(connectionId);

        assertThat(lost).as("the answer was lost, so the SDK retried").hasValue(1);
        assertThat(forgotten).isPresent();
        assertThat(told).extracting(Connection::connectionId).containsExactly(connectionId);
        assertThat(presence.find(connectionId)).isEmpty();
    }

    @Test
    void aSecondCloseOfTheSameConnection_tellsNoOneAgain() {
        String connectionId = "c-" + UUID.randomUUID();
        presence.addAll(driver(connectionId, Instant.now()), false);
        List<Connection> told = new CopyOnWriteArrayList<>();
        Departures departures = departures(presence, told);

        departures.closed(connectionId);
        departures.closed(connectionId);

        assertThat(told).extracting(Connection::connectionId).containsExactly(connectionId);
    }

    @Test
    void twoClosesAtOnce_tellTheListenersOnce() throws Exception {
        for (int round = 0; round < 5; round++) {
            String connectionId = "c-" + UUID.randomUUID();
            presence.addAll(driver(connectionId, Instant.now().minusSeconds(600)), false);
            List<Connection> told = new CopyOnWriteArrayList<>();
            Departures departures = departures(presence, told);
            CountDownLatch start = new CountDownLatch(1);
            try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
                // the $disconnect and the sweeper (or a push's 410) racing for the same connection
                var closed = threads.submit(() -> { start.await(); return departures.closed(connectionId); });
                var gone = threads.submit(() -> { start.await(); return departures.gone(connectionId); });
                start.countDown();
                closed.get();
                gone.get();
            }
            assertThat(told).as("round " + round).extracting(Connection::connectionId).containsExactly(connectionId);
        }
    }

    private void closeLosing(int answersLost) {
        String connectionId = "c-" + UUID.randomUUID();
        String room = "order_" + UUID.randomUUID();
        Connection connection = driver(connectionId, Instant.now());
        presence.addAll(connection, false);
        assertThat(presence.add(connectionId, connection.caller().userId(), room)).isTrue();
        AtomicInteger lost = new AtomicInteger();
        List<Connection> told = new CopyOnWriteArrayList<>();

        var forgotten = departures(losingDeleteAnswers(answersLost, lost), told).closed(connectionId);

        assertThat(lost).as("the answers were lost, so the SDK retried").hasValue(answersLost);
        assertThat(forgotten).as("the forget that deleted the item").isPresent();
        assertThat(told).as("the listeners, told once").extracting(Connection::connectionId)
                .containsExactly(connectionId);
        assertThat(told.getFirst().rooms()).containsExactly(room);
        assertThat(presence.find(connectionId)).isEmpty();
        assertThat(presence.members(room)).isEmpty();
    }

    private static Connection driver(String connectionId, Instant connectedAt) {
        return new Connection(connectionId, new Caller("d-" + UUID.randomUUID(), Role.DRIVER, null), connectedAt,
                Set.of());
    }

    private static Departures departures(Presence presence, List<Connection> told) {
        DisconnectListener recording = told::add;
        return new Departures(presence, new BeanProvider<>() {
            @Override
            public DisconnectListener get() {
                return recording;
            }

            @Override
            public Stream<DisconnectListener> stream() {
                return Stream.of(recording);
            }
        });
    }

    /** Presence on a client whose first writes deleting a connection's item apply but whose answers turn into 500s. */
    private Presence losingDeleteAnswers(int answers, AtomicInteger lost) {
        String connections = tables.of(TableCatalogue.CONNECTIONS);
        DynamoDbClient client = LostAnswers.client(context, request -> deletesFrom(request, connections), answers, lost);
        return new DynamoPresence(client, tables, context.getBean(ConnectionSettings.class),
                context.getBean(Clock.class), context.getBean(RedisConnections.class));
    }

    private static boolean deletesFrom(SdkRequest request, String table) {
        return switch (request) {
            case DeleteItemRequest delete -> delete.tableName().equals(table);
            case TransactWriteItemsRequest tx -> tx.transactItems().stream()
                    .anyMatch(item -> item.delete() != null && item.delete().tableName().equals(table));
            default -> false;
        };
    }
}
