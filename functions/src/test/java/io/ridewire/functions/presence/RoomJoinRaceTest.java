package io.ridewire.functions.presence;

import io.micronaut.context.ApplicationContext;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.ridewire.deployment.TableCatalogue;
import io.ridewire.functions.aws.TableNames;
import io.ridewire.functions.redis.RedisConnections;
import io.ridewire.functions.testing.ServiceContext;
import io.ridewire.model.identity.Caller;
import io.ridewire.model.identity.Role;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import static io.ridewire.functions.aws.Dynamo.s;
import static org.assertj.core.api.Assertions.assertThat;

/** A room join racing the connection's {@code $disconnect}, against DynamoDB Local: no membership outlives it. */
@MicronautTest(contextBuilder = ServiceContext.Shared.class)
class RoomJoinRaceTest {
    @Inject
    ApplicationContext context;
    @Inject
    Presence presence;
    @Inject
    DynamoDbClient dynamo;
    @Inject
    TableNames tables;

    @Test
    void aDisconnectThatLandsJustBeforeTheMembershipIsWritten_leavesNoMembershipBehind() {
        String connectionId = "c-" + UUID.randomUUID();
        String user = "u-" + UUID.randomUUID();
        String room = "order_" + UUID.randomUUID();
        presence.addAll(new Connection(connectionId, new Caller(user, Role.CUSTOMER, null), Instant.now(), Set.of()),
                false);
        String roomsTable = tables.of(TableCatalogue.ROOMS);
        // the whole $disconnect runs just before the join's write of the membership reaches DynamoDB
        AtomicReference<Runnable> beforeMembershipWrite = new AtomicReference<>(() -> presence.delAll(connectionId));
        DynamoPresence joining = new DynamoPresence(hooked(request -> writesRooms(request, roomsTable), beforeMembershipWrite), tables,
                context.getBean(ConnectionSettings.class), context.getBean(Clock.class),
                context.getBean(RedisConnections.class));

        boolean joined = joining.add(connectionId, user, room);

        assertThat(beforeMembershipWrite.get()).as("the disconnect did run in between").isNull();
        assertThat(joined).as("the connection was gone by then").isFalse();
        assertThat(membership(room, connectionId)).as("no membership left for a gone connection").isEmpty();
    }

    @Test
    void aJoinThatLandsBetweenTheDisconnectsReadAndItsDelete_isLeftToo() {
        String connectionId = "c-" + UUID.randomUUID();
        String user = "u-" + UUID.randomUUID();
        String room = "order_" + UUID.randomUUID();
        presence.addAll(new Connection(connectionId, new Caller(user, Role.CUSTOMER, null), Instant.now(), Set.of()),
                false);
        // the join runs after the disconnect read the connection's rooms, just before it deletes the item
        AtomicReference<Runnable> beforeDelete = new AtomicReference<>(() -> presence.add(connectionId, user, room));
        DynamoPresence forgetting = forgetting(beforeDelete);

        var forgotten = forgetting.delAll(connectionId);

        assertThat(beforeDelete.get()).as("the join did run in between").isNull();
        assertThat(forgotten).as("this forget deleted the item").isPresent();
        assertThat(forgotten.orElseThrow().rooms()).containsExactly(room);
        assertThat(presence.find(connectionId)).isEmpty();
        assertThat(membership(room, connectionId)).as("no membership left for a gone connection").isEmpty();
    }

    @Test
    void aRejoinOfARoomJoinedAtConnectBetweenTheDisconnectsReadAndItsDelete_leavesNoMembershipBehind() {
        String room = "driver_" + UUID.randomUUID();
        String user = "u-" + UUID.randomUUID();
        String connectionId = "c-" + UUID.randomUUID();
        presence.addAll(new Connection(connectionId, new Caller(user, Role.DRIVER, null), Instant.now(), Set.of(room)),
                false);

        forgetRacingARejoin(connectionId, user, room);
    }

    @Test
    void aRejoinOfARoomJoinedLaterBetweenTheDisconnectsReadAndItsDelete_leavesNoMembershipBehind() {
        String room = "order_" + UUID.randomUUID();
        String user = "u-" + UUID.randomUUID();
        String connectionId = "c-" + UUID.randomUUID();
        presence.addAll(new Connection(connectionId, new Caller(user, Role.CUSTOMER, null), Instant.now(), Set.of()),
                false);
        assertThat(presence.add(connectionId, user, room)).isTrue();

        forgetRacingARejoin(connectionId, user, room);
    }

    /**
     * Forgets a connection already in {@code room} while the same room is joined again between the forget's read and
     * its delete: the connection's rooms are the same set before and after that join, yet its membership was rewritten.
     */
    private void forgetRacingARejoin(String connectionId, String user, String room) {
        AtomicBoolean rejoined = new AtomicBoolean();
        // the join, then a read that copies the room (with the rejoined member) to Redis, before the item's delete
        AtomicReference<Runnable> beforeDelete = new AtomicReference<>(() -> {
            rejoined.set(presence.add(connectionId, user, room));
            presence.members(room);
        });
        DynamoPresence forgetting = forgetting(beforeDelete);

        var forgotten = forgetting.delAll(connectionId);

        assertThat(beforeDelete.get()).as("the join did run in between").isNull();
        assertThat(rejoined).as("the connection was still there to join").isTrue();
        assertThat(forgotten).as("this forget deleted the item").isPresent();
        assertThat(forgotten.orElseThrow().rooms()).containsExactly(room);
        assertThat(presence.find(connectionId)).isEmpty();
        assertThat(membership(room, connectionId)).as("no membership left for a gone connection").isEmpty();
        assertThat(presence.members(room)).as("nor in the room's Redis copy").isEmpty();
    }

    /** Presence whose connection delete (the forget's last step) first runs {@code beforeDelete}, once. */
    private DynamoPresence forgetting(AtomicReference<Runnable> beforeDelete) {
        String connectionsTable = tables.of(TableCatalogue.CONNECTIONS);
        return new DynamoPresence(hooked(request -> request instanceof TransactWriteItemsRequest tx
                && tx.transactItems().stream().anyMatch(item -> item.delete() != null
                && item.delete().tableName().equals(connectionsTable)), beforeDelete), tables,
                context.getBean(ConnectionSettings.class), context.getBean(Clock.class),
                context.getBean(RedisConnections.class));
    }

    private Map<String, AttributeValue> membership(String room, String connectionId) {
        return dynamo.getItem(b -> b.tableName(tables.of(TableCatalogue.ROOMS)).consistentRead(true)
                .key(Map.of("room", s(room), "connection_id", s(connectionId)))).item();
    }

    private static boolean writesRooms(SdkRequest request, String roomsTable) {
        return switch (request) {
            case PutItemRequest put -> put.tableName().equals(roomsTable);
            case TransactWriteItemsRequest tx -> tx.transactItems().stream()
                    .anyMatch(item -> item.put() != null && item.put().tableName().equals(roomsTable));
            default -> false;
        };
    }

    /** A client of DynamoDB Local that runs {@code hook} once, before the first request {@code matching}. */
    private DynamoDbClient hooked(Predicate<SdkRequest> matching, AtomicReference<Runnable> hook) {
        ExecutionInterceptor interceptor = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution call, ExecutionAttributes attributes) {
                Runnable run = matching.test(call.request()) ? hook.getAndSet(null) : null;
                if (run != null) {
                    run.run();
                }
            }
        };
        return DynamoDbClient.builder()
                .endpointOverride(URI.create(context.getRequiredProperty("ridewire.aws.dynamodb-endpoint", String.class)))
                .region(Region.US_EAST_1)
                .httpClientBuilder(ApacheHttpClient.builder())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .overrideConfiguration(o -> o.addExecutionInterceptor(interceptor))
                .build();
    }
}
