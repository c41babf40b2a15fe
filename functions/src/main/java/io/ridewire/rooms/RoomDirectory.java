package io.ridewire.rooms;

import io.ridewire.aws.Dynamo;
import io.ridewire.aws.TableNames;
import io.ridewire.connections.ConnectionSettings;
import io.ridewire.tables.TableCatalogue;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.ridewire.aws.Dynamo.n;
import static io.ridewire.aws.Dynamo.s;
import static io.ridewire.aws.Dynamo.ss;

/** Room memberships: who is in a room (one Query), joining and leaving after connect. */
@Singleton
public class RoomDirectory {
    private static final String ROOM = "room";
    private static final String CONNECTION_ID = "connection_id";
    private static final String USER_ID = "user_id";
    private static final String ROOMS = "rooms";

    private final DynamoDbClient dynamo;
    private final ConnectionSettings settings;
    private final String roomsTable;
    private final String connectionsTable;

    public RoomDirectory(DynamoDbClient dynamo, TableNames tables, ConnectionSettings settings) {
        this.dynamo = dynamo;
        this.settings = settings;
        this.roomsTable = tables.of(TableCatalogue.ROOMS);
        this.connectionsTable = tables.of(TableCatalogue.CONNECTIONS);
    }

    /** A member of a room. */
    public record Member(String connectionId, String userId) {
    }

    /** Every connection in a room. */
    public List<Member> members(String room) {
        List<Member> members = new ArrayList<>();
        dynamo.queryPaginator(b -> b.tableName(roomsTable)
                        .keyConditionExpression("#r = :r")
                        .expressionAttributeNames(Map.of("#r", ROOM))
                        .expressionAttributeValues(Map.of(":r", s(room))))
                .items()
                .forEach(item -> members.add(new Member(Dynamo.string(item, CONNECTION_ID), Dynamo.string(item, USER_ID))));
        return members;
    }

    /**
     * Puts a live connection in a room. The connection's item records the room first, conditionally on the
     * connection still existing, so a membership is never left behind by a connection that is already gone.
     *
     * @return false when the connection no longer exists
     */
    public boolean join(String connectionId, String userId, String room, Instant connectedAt) {
        try {
            dynamo.updateItem(b -> b.tableName(connectionsTable)
                    .key(Map.of(CONNECTION_ID, s(connectionId)))
                    .updateExpression("ADD #rooms :room")
                    .conditionExpression("attribute_exists(#id)")
                    .expressionAttributeNames(Map.of("#rooms", ROOMS, "#id", CONNECTION_ID))
                    .expressionAttributeValues(Map.of(":room", ss(List.of(room)))));
        } catch (ConditionalCheckFailedException gone) {
            return false;
        }
        dynamo.putItem(b -> b.tableName(roomsTable).item(Map.of(
                ROOM, s(room),
                CONNECTION_ID, s(connectionId),
                USER_ID, s(userId),
                TableCatalogue.TTL, n(connectedAt.plus(settings.getRowTtl()).getEpochSecond()))));
        return true;
    }

    /** Takes a connection out of a room. */
    public void leave(String connectionId, String room) {
        dynamo.deleteItem(b -> b.tableName(roomsTable).key(Map.of(ROOM, s(room), CONNECTION_ID, s(connectionId))));
        try {
            dynamo.updateItem(b -> b.tableName(connectionsTable)
                    .key(Map.of(CONNECTION_ID, s(connectionId)))
                    .updateExpression("DELETE #rooms :room")
                    .conditionExpression("attribute_exists(#id)")
                    .expressionAttributeNames(Map.of("#rooms", ROOMS, "#id", CONNECTION_ID))
                    .expressionAttributeValues(Map.of(":room", ss(List.of(room)))));
        } catch (ConditionalCheckFailedException gone) {
            // the connection went first; its rows went with it
        }
    }
}
