package io.ridewire.e2e.presence;

import io.ridewire.deployment.TableCatalogue;
import io.ridewire.functions.aws.DynamoCallCounter;
import io.ridewire.functions.aws.TableNames;
import io.ridewire.functions.presence.Connection;
import io.ridewire.functions.presence.Member;
import io.ridewire.functions.presence.Presence;
import io.ridewire.local.LocalStack;
import io.ridewire.local.testing.TestStacks;
import io.ridewire.model.identity.Caller;
import io.ridewire.model.identity.Role;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A room's members are read from their Redis copy after the first read, and every change to the room is seen at
 * once: joins, leaves and disconnects, also while they race with reads that fill the copy.
 */
class RoomCopyIT {
    private final LocalStack stack = TestStacks.shared();
    private final Presence presence = stack.context().getBean(Presence.class);
    private final DynamoCallCounter dynamo = stack.context().getBean(DynamoCallCounter.class);

    @Test
    void aSecondReadCostsNoDynamoDbCall_andJoinsLeavesAndDisconnectsAreSeenAtOnce() {
        String room = TestStacks.uniqueId("order");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ids.add(connect(room));
        }
        assertThat(connectionsIn(room)).containsExactlyInAnyOrderElementsOf(ids);

        String route = TestStacks.uniqueId("room-copy-read");
        Set<String> again = DynamoCallCounter.attributedTo(route, () -> connectionsIn(room));
        assertThat(again).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(dynamo.total(route)).as("DynamoDB calls of a read served by the copy").isZero();

        String joiner = connect(TestStacks.uniqueId("elsewhere"));
        assertThat(presence.add(joiner, "joiner", room)).isTrue();
        assertThat(connectionsIn(room)).contains(joiner).hasSize(5);
        assertThat(presence.members(room)).contains(new Member(joiner, "joiner"));

        presence.del(ids.get(0), room);
        presence.delAll(ids.get(1));
        assertThat(connectionsIn(room)).containsExactlyInAnyOrder(ids.get(2), ids.get(3), joiner);
    }

    @Test
    void joinsAndLeavesRacingWithReads_leaveTheCopyEqualToTheTable() throws Exception {
        String room = TestStacks.uniqueId("order");
        List<String> pool = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            pool.add(connect(TestStacks.uniqueId("lobby")));
        }
        try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                work.add(threads.submit(() -> {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    for (int i = 0; i < 100; i++) {
                        String id = pool.get(random.nextInt(pool.size()));
                        switch (random.nextInt(3)) {
                            case 0 -> presence.add(id, "user-" + id, room);
                            case 1 -> presence.del(id, room);
                            default -> presence.members(room);
                        }
                    }
                }));
            }
            for (Future<?> each : work) {
                each.get();
            }
        }
        assertThat(connectionsIn(room)).as("the copy, after the race").isEqualTo(rowsOf(room));
    }

    private String connect(String room) {
        String id = TestStacks.uniqueId("conn");
        presence.addAll(new Connection(id, new Caller("user-" + id, Role.CUSTOMER, null), Instant.now(), Set.of(room)),
                false);
        return id;
    }

    private Set<String> connectionsIn(String room) {
        return presence.members(room).stream().map(Member::connectionId).collect(Collectors.toSet());
    }

    /** The room's membership rows as DynamoDB holds them. */
    private Set<String> rowsOf(String room) {
        DynamoDbClient client = stack.context().getBean(DynamoDbClient.class);
        return client.query(b -> b.tableName(stack.context().getBean(TableNames.class).of(TableCatalogue.ROOMS))
                        .consistentRead(true)
                        .keyConditionExpression("room = :r")
                        .expressionAttributeValues(Map.of(":r", AttributeValue.fromS(room))))
                .items().stream().map(item -> item.get("connection_id").s()).collect(Collectors.toSet());
    }
}
