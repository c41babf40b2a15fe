package io.ridewire.functions.presence;

import io.ridewire.functions.aws.Dynamo;
import io.ridewire.functions.aws.TableNames;
import io.ridewire.functions.aws.Transactions;
import io.ridewire.functions.redis.RedisConnections;
import io.ridewire.model.identity.Caller;
import io.ridewire.model.identity.Role;
import io.ridewire.deployment.TableCatalogue;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static io.ridewire.functions.aws.Dynamo.n;
import static io.ridewire.functions.aws.Dynamo.s;
import static io.ridewire.functions.aws.Dynamo.ss;

/**
 * Presence in DynamoDB, the only writer of the connections, sessions and rooms tables, with a Redis copy of each
 * user's session and each room's members ({@link SetCache}), so a delivery reads no DynamoDB. A connection's item
 * lists its rooms, so forgetting a connection removes every row it left behind without a scan.
 */
@Singleton
public class DynamoPresence implements Presence {
    static final String CONNECTION_ID = "connection_id";
    static final String USER_ID = "user_id";
    static final String ROLE = "role";
    static final String STORE_ID = "store_id";
    static final String ROOMS = "rooms";
    /** Counts the joins and leaves written to a connection's item, so a forget sees a room joined again unchanged. */
    static final String VERSION = "version";
    static final String CONNECTED_AT = "connected_at";
    static final String TOKEN_EXPIRES_AT = "token_expires_at";
    static final String CONNECTIONS = "connections";
    /** The connection whose replace last wrote a session, and the connections it replaced. */
    static final String REPLACED_BY = "replaced_by";
    static final String REPLACED = "replaced";
    static final String ROOM = "room";
    /** The filter that hides rows past their TTL, which DynamoDB deletes late or (locally) never. */
    private static final String LIVE = "attribute_not_exists(#ttl) OR #ttl > :now";
    /** How long a Redis copy may live: it also bounds how long a row that expired unseen stays in a copy. */
    private static final Duration COPY_TTL = Duration.ofSeconds(60);
    /** How many times a forget reads the rooms again when they changed under it before giving up. */
    private static final int FORGET_TRIES = 5;

    private final DynamoDbClient dynamo;
    private final ConnectionSettings settings;
    private final Clock clock;
    private final SetCache sessionCache;
    private final SetCache roomCache;
    private final RowLifetime lifetime;
    private final String connectionsTable;
    private final String sessionsTable;
    private final String roomsTable;

    public DynamoPresence(DynamoDbClient dynamo, TableNames tables, ConnectionSettings settings, Clock clock,
                          RedisConnections redis) {
        this.dynamo = dynamo;
        this.sessionCache = new SetCache(redis, "session", COPY_TTL);
        this.roomCache = new SetCache(redis, "room", COPY_TTL);
        this.settings = settings;
        this.clock = clock;
        this.lifetime = new RowLifetime(settings.getRowTtl());
        this.connectionsTable = tables.of(TableCatalogue.CONNECTIONS);
        this.sessionsTable = tables.of(TableCatalogue.SESSIONS);
        this.roomsTable = tables.of(TableCatalogue.ROOMS);
    }

    private long expiresAt(Instant connectedAt) {
        return lifetime.expiresAt(connectedAt);
    }

    private boolean live(Map<String, AttributeValue> item) {
        return RowLifetime.isLive(Dynamo.number(item, TableCatalogue.TTL, 0), clock.instant());
    }

    @Override
    public Set<String> addAll(Connection connection, boolean replace) {
        try {
            register(connection);
            return openSession(connection.caller().userId(), connection.connectionId(), connection.connectedAt(), replace);
        } catch (RuntimeException e) {
            delAll(connection.connectionId());
            throw e;
        }
    }

    /** Records a connection and its room memberships in one batch. */
    private void register(Connection connection) {
        Caller caller = connection.caller();
        long expires = expiresAt(connection.connectedAt());
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(CONNECTION_ID, s(connection.connectionId()));
        item.put(USER_ID, s(caller.userId()));
        item.put(ROLE, s(caller.role().claim()));
        if (caller.storeId() != null) {
            item.put(STORE_ID, s(caller.storeId()));
        }
        if (!connection.rooms().isEmpty()) {
            item.put(ROOMS, ss(connection.rooms()));
        }
        item.put(CONNECTED_AT, n(connection.connectedAt().toEpochMilli()));
        item.put(TableCatalogue.TTL, n(expires));
        List<WriteRequest> memberships = new ArrayList<>();
        for (String room : connection.rooms()) {
            memberships.add(WriteRequest.builder().putRequest(PutRequest.builder()
                    .item(membership(room, connection.connectionId(), caller.userId(), expires)).build()).build());
        }
        Map<String, Long> roomVersions = new HashMap<>();
        connection.rooms().forEach(room -> roomVersions.put(room, roomCache.version(room)));
        // one round trip for the connection and its memberships (a batch may span tables)
        Map<String, List<WriteRequest>> batch = new HashMap<>();
        batch.put(connectionsTable, List.of(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build()));
        if (!memberships.isEmpty()) {
            batch.put(roomsTable, memberships);
        }
        Dynamo.batchWrite(dynamo, batch);
        Set<String> member = Set.of(memberValue(connection.connectionId(), caller.userId()));
        roomVersions.forEach((room, version) -> roomCache.added(room, version, member));
    }

    /**
     * Adds a connection to its user's session (or makes it the session's only one) and returns the connections the
     * session held before, atomically: DynamoDB orders simultaneous connects, and when replacing each sees only
     * the one before it, so every connection but the last is replaced by exactly one other.
     */
    private Set<String> openSession(String userId, String connectionId, Instant connectedAt, boolean replace) {
        Map<String, AttributeValue> values = Map.of(":id", ss(List.of(connectionId)), ":ttl", n(expiresAt(connectedAt)));
        Set<String> previous;
        if (replace) {
            previous = replaceSession(userId, connectionId, values);
        } else {
            var response = dynamo.updateItem(b -> b.tableName(sessionsTable)
                    .key(Map.of(USER_ID, s(userId)))
                    .updateExpression("ADD #c :id SET #ttl = :ttl")
                    .expressionAttributeNames(Map.of("#c", CONNECTIONS, "#ttl", TableCatalogue.TTL))
                    .expressionAttributeValues(values)
                    .returnValues(ReturnValue.ALL_OLD));
            previous = Dynamo.stringSet(response.attributes(), CONNECTIONS);
        }
        sessionCache.changed(userId);
        Set<String> others = new HashSet<>(previous);
        others.remove(connectionId);
        return others;
    }

    /**
     * Makes the connection the session's only one and returns the ones it replaced. The item records who replaced
     * last and what: a call the SDK sends again after its answer was lost finds its own replace there and returns
     * what that replaced, instead of its own connection (which would leave the replaced ones open, unclosed).
     */
    private Set<String> replaceSession(String userId, String connectionId, Map<String, AttributeValue> values) {
        Map<String, AttributeValue> withSelf = new HashMap<>(values);
        withSelf.put(":self", s(connectionId));
        withSelf.put(":none", AttributeValue.fromNul(true));
        try {
            var response = dynamo.updateItem(b -> b.tableName(sessionsTable)
                    .key(Map.of(USER_ID, s(userId)))
                    .updateExpression("SET #c = :id, #ttl = :ttl, #by = :self, #replaced = if_not_exists(#c, :none)")
                    .conditionExpression("attribute_not_exists(#by) OR #by <> :self")
                    .expressionAttributeNames(Map.of("#c", CONNECTIONS, "#ttl", TableCatalogue.TTL,
                            "#by", REPLACED_BY, "#replaced", REPLACED))
                    .expressionAttributeValues(withSelf)
                    .returnValues(ReturnValue.ALL_OLD)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            return Dynamo.stringSet(response.attributes(), CONNECTIONS);
        } catch (ConditionalCheckFailedException ownReplace) {
            // a retry of this very call, applied the first time: connection ids are unique
            return Dynamo.stringSet(ownReplace.item(), REPLACED);
        }
    }

    @Override
    public Set<String> connectionsOf(String userId) {
        Optional<Set<String>> cached = sessionCache.read(userId);
        if (cached.isPresent()) {
            return cached.get();
        }
        long version = sessionCache.version(userId);
        var response = dynamo.getItem(b -> b.tableName(sessionsTable).key(Map.of(USER_ID, s(userId)))
                .projectionExpression("#c, #ttl")
                .expressionAttributeNames(Map.of("#c", CONNECTIONS, "#ttl", TableCatalogue.TTL))
                .consistentRead(true));
        // the session item expires with its newest connection: past that, every connection in it is gone
        Set<String> connections = response.hasItem() && live(response.item())
                ? Dynamo.stringSet(response.item(), CONNECTIONS) : Set.of();
        sessionCache.fill(userId, version, connections);
        return connections;
    }

    @Override
    public Optional<Connection> find(String connectionId) {
        var response = dynamo.getItem(b -> b.tableName(connectionsTable)
                .key(Map.of(CONNECTION_ID, s(connectionId))).consistentRead(true));
        return response.hasItem() && !response.item().isEmpty() && live(response.item())
                ? Optional.of(toConnection(response.item()))
                : Optional.empty();
    }

    @Override
    public Optional<Connection> delAll(String connectionId) {
        return forget(connectionId, null);
    }

    @Override
    public Optional<Connection> delGone(String connectionId) {
        return forget(connectionId, clock.instant().minus(settings.getHandshakeGrace()).toEpochMilli());
    }

    /**
     * Deletes a connection's memberships and its place in the session, then its item (only if it opened before
     * {@code openedBefore}, when given). The item goes last, so a forget that fails half-way leaves the item for the
     * retry (or the sweeper) to find, and with it the rooms still to leave. Returns the connection only to the one
     * forget that deleted the item, so its listeners are told once.
     */
    private Optional<Connection> forget(String connectionId, Long openedBefore) {
        var found = dynamo.getItem(b -> b.tableName(connectionsTable)
                .key(Map.of(CONNECTION_ID, s(connectionId))).consistentRead(true));
        if (!found.hasItem() || found.item().isEmpty()) {
            return Optional.empty();
        }
        Map<String, AttributeValue> item = found.item();
        for (int attempt = 0; attempt < FORGET_TRIES; attempt++) {
            Connection connection = toConnection(item);
            if (openedBefore != null && connection.connectedAt().toEpochMilli() >= openedBefore) {
                return Optional.empty(); // still handshaking: a 410 is no proof it is gone
            }
            // every room again, not only new ones: a room already left may have been joined again since
            leaveRooms(connectionId, connection.rooms());
            if (attempt == 0) {
                leaveSession(connection.caller().userId(), Set.of(connectionId));
            }
            Long version = item.containsKey(VERSION) ? Dynamo.number(item, VERSION, 0) : null;
            switch (Transactions.write(dynamo, List.of(deleteUnchanged(connection, version, openedBefore)), 4)) {
                case Transactions.Outcome.Committed deleted -> {
                    return Optional.of(connection); // the item as deleted: its rooms were the condition
                }
                case Transactions.Outcome.ConditionFailed failed -> {
                    Map<String, AttributeValue> now = failed.reasons().getFirst().item();
                    if (now == null || now.isEmpty()) {
                        return Optional.empty(); // a concurrent forget deleted it (a retry of ours would have succeeded)
                    }
                    item = now; // rooms joined or left since the read: leave them, then again
                }
                case Transactions.Outcome.Conflicted conflicted ->
                        throw new IllegalStateException("connection " + connectionId + " kept conflicting being forgotten");
            }
        }
        throw new IllegalStateException("connection " + connectionId + " kept changing rooms while being forgotten");
    }

    /**
     * Deletes the connection's item if no join or leave was written to it since it was read ({@code version}, null
     * when none ever was) and its rooms are still those read. The version is what catches a room joined again after
     * the forget left it: that join leaves the rooms as they were but writes the membership anew. A transaction, not
     * a DeleteItem, for its ClientRequestToken: the SDK's retry of a delete whose answer was lost succeeds again
     * instead of finding the item gone, so the forget that deleted it knows it did (DeleteItem's ALL_OLD comes back
     * empty on that retry).
     */
    private TransactWriteItem deleteUnchanged(Connection connection, Long version, Long openedBefore) {
        Map<String, String> names = new HashMap<>(Map.of("#id", CONNECTION_ID, "#rooms", ROOMS, "#v", VERSION));
        Map<String, AttributeValue> values = new HashMap<>();
        // the rooms condition stands in for ALL_OLD, which a transaction does not return, even against a writer that
        // predates the version (a deploy under way)
        String condition = "attribute_exists(#id) AND " + (connection.rooms().isEmpty()
                ? "attribute_not_exists(#rooms)" : "#rooms = :rooms")
                + (version == null ? " AND attribute_not_exists(#v)" : " AND #v = :v");
        if (!connection.rooms().isEmpty()) {
            values.put(":rooms", ss(connection.rooms()));
        }
        if (version != null) {
            values.put(":v", n(version));
        }
        if (openedBefore != null) {
            condition += " AND (attribute_not_exists(#at) OR #at < :before)";
            names.put("#at", CONNECTED_AT);
            values.put(":before", n(openedBefore));
        }
        String finalCondition = condition;
        return TransactWriteItem.builder().delete(d -> d.tableName(connectionsTable)
                .key(Map.of(CONNECTION_ID, s(connection.connectionId())))
                .conditionExpression(finalCondition)
                .expressionAttributeNames(names)
                .expressionAttributeValues(values.isEmpty() ? null : values)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)).build();
    }

    private void leaveRooms(String connectionId, Set<String> rooms) {
        List<WriteRequest> memberships = rooms.stream()
                .map(room -> WriteRequest.builder().deleteRequest(DeleteRequest.builder()
                        .key(Map.of(ROOM, s(room), CONNECTION_ID, s(connectionId))).build()).build())
                .toList();
        if (!memberships.isEmpty()) {
            Dynamo.batchWrite(dynamo, Map.of(roomsTable, memberships));
            rooms.forEach(roomCache::changed);
        }
    }

    /** Takes connections out of a user's session (they were closed or found gone). */
    private void leaveSession(String userId, Set<String> connectionIds) {
        if (connectionIds.isEmpty()) {
            return;
        }
        try {
            dynamo.updateItem(b -> b.tableName(sessionsTable)
                    .key(Map.of(USER_ID, s(userId)))
                    .updateExpression("DELETE #c :ids")
                    .conditionExpression("attribute_exists(#u)")
                    .expressionAttributeNames(Map.of("#c", CONNECTIONS, "#u", USER_ID))
                    .expressionAttributeValues(Map.of(":ids", ss(connectionIds))));
        } catch (ConditionalCheckFailedException noSession) {
            // nothing to leave: the session item never existed or has expired
        }
        sessionCache.changed(userId);
    }

    /**
     * Records that the connection's session now lasts until {@code expiresAt} (an {@code auth.refresh}); false when
     * the connection is gone. The authorizer context keeps the first token's expiry, so this row is the truth after it.
     */
    @Override
    public boolean extendToken(String connectionId, Instant expiresAt) {
        try {
            dynamo.updateItem(b -> b.tableName(connectionsTable)
                    .key(Map.of(CONNECTION_ID, s(connectionId)))
                    .updateExpression("SET #e = :e")
                    .conditionExpression("attribute_exists(#c) AND (" + LIVE + ")")
                    .expressionAttributeNames(Map.of("#e", TOKEN_EXPIRES_AT, "#c", CONNECTION_ID, "#ttl", TableCatalogue.TTL))
                    .expressionAttributeValues(Map.of(":e", n(expiresAt.getEpochSecond()),
                            ":now", n(clock.instant().getEpochSecond()))));
            return true;
        } catch (ConditionalCheckFailedException gone) {
            return false;
        }
    }

    /** The expiry the last {@code auth.refresh} recorded; empty when none did or the connection is gone. */
    @Override
    public Optional<Instant> extendedTokenExpiry(String connectionId) {
        var response = dynamo.getItem(b -> b.tableName(connectionsTable)
                .key(Map.of(CONNECTION_ID, s(connectionId)))
                .projectionExpression("#e, #ttl")
                .expressionAttributeNames(Map.of("#e", TOKEN_EXPIRES_AT, "#ttl", TableCatalogue.TTL))
                .consistentRead(true));
        long seconds = response.hasItem() && live(response.item()) ? Dynamo.number(response.item(), TOKEN_EXPIRES_AT, 0) : 0;
        return seconds > 0 ? Optional.of(Instant.ofEpochSecond(seconds)) : Optional.empty();
    }

    /** Every live connection of a role (broadcasts), from the {@code by_role} index. */
    @Override
    public List<String> connectionsOfRole(Role role) {
        List<String> ids = new ArrayList<>();
        dynamo.queryPaginator(liveByRole(role).build())
                .items().forEach(item -> ids.add(Dynamo.string(item, CONNECTION_ID)));
        return ids;
    }

    /** Live connections per role (rows past their TTL are not counted even before DynamoDB reaps them). */
    @Override
    public Map<Role, Long> countByRole() {
        Map<Role, Long> counts = new EnumMap<>(Role.class);
        for (Role role : Role.values()) {
            long total = 0;
            for (var page : dynamo.queryPaginator(liveByRole(role).select(Select.COUNT).build())) {
                total += page.count();
            }
            counts.put(role, total);
        }
        return counts;
    }

    @Override
    public List<Member> members(String room) {
        Optional<Set<String>> cached = roomCache.read(room);
        if (cached.isPresent()) {
            return cached.get().stream().map(DynamoPresence::toMember).toList();
        }
        long version = roomCache.version(room);
        List<Member> members = new ArrayList<>();
        dynamo.queryPaginator(b -> b.tableName(roomsTable)
                        .keyConditionExpression("#r = :r")
                        .filterExpression(LIVE)
                        .expressionAttributeNames(Map.of("#r", ROOM, "#ttl", TableCatalogue.TTL))
                        .expressionAttributeValues(Map.of(":r", s(room), ":now", n(clock.instant().getEpochSecond()))))
                .items()
                .forEach(item -> members.add(new Member(Dynamo.string(item, CONNECTION_ID), Dynamo.string(item, USER_ID))));
        roomCache.fill(room, version, members.stream().map(m -> memberValue(m.connectionId(), m.userId()))
                .collect(Collectors.toSet()));
        return members;
    }

    /** A member as the room's copy holds it: connection ids have no {@code |}, user ids may. */
    private static String memberValue(String connectionId, String userId) {
        return connectionId + "|" + userId;
    }

    private static Member toMember(String value) {
        int bar = value.indexOf('|');
        return new Member(value.substring(0, bar), value.substring(bar + 1));
    }

    /**
     * The connection's item records the room (and counts the join in its version) and the membership is written in
     * one transaction, conditionally on the connection still existing: a forget that deletes the item first fails it,
     * one that read the item before it finds the version moved, reads again and removes the membership. So a
     * membership is never left behind by a connection that is gone, even when the room was already listed.
     */
    @Override
    public boolean add(String connectionId, String userId, String room) {
        long version = roomCache.version(room);
        var row = dynamo.getItem(b -> b.tableName(connectionsTable).key(Map.of(CONNECTION_ID, s(connectionId)))
                .projectionExpression("#ttl").expressionAttributeNames(Map.of("#ttl", TableCatalogue.TTL))
                .consistentRead(true));
        if (!row.hasItem() || row.item().isEmpty() || !live(row.item())) {
            return false;
        }
        long ttl = Dynamo.number(row.item(), TableCatalogue.TTL, 0);
        long expires = ttl > 0 ? ttl : expiresAt(clock.instant());
        List<TransactWriteItem> items = List.of(
                TransactWriteItem.builder().update(u -> u.tableName(connectionsTable)
                        .key(Map.of(CONNECTION_ID, s(connectionId)))
                        .updateExpression("ADD #rooms :room, #v :one")
                        .conditionExpression("attribute_exists(#id) AND (" + LIVE + ")")
                        .expressionAttributeNames(Map.of("#rooms", ROOMS, "#v", VERSION, "#id", CONNECTION_ID,
                                "#ttl", TableCatalogue.TTL))
                        .expressionAttributeValues(Map.of(":room", ss(List.of(room)), ":one", n(1),
                                ":now", n(clock.instant().getEpochSecond())))).build(),
                TransactWriteItem.builder().put(p -> p.tableName(roomsTable)
                        .item(membership(room, connectionId, userId, expires))).build());
        switch (Transactions.write(dynamo, items, 4)) {
            case Transactions.Outcome.Committed committed -> {
            }
            case Transactions.Outcome.ConditionFailed gone -> {
                return false;
            }
            case Transactions.Outcome.Conflicted conflicted ->
                    throw new IllegalStateException("connection " + connectionId + " kept conflicting joining " + room);
        }
        roomCache.added(room, version, Set.of(memberValue(connectionId, userId)));
        return true;
    }

    @Override
    public void del(String connectionId, String room) {
        dynamo.deleteItem(b -> b.tableName(roomsTable).key(Map.of(ROOM, s(room), CONNECTION_ID, s(connectionId))));
        roomCache.changed(room);
        leaveRoom(connectionId, room);
    }

    /** A membership row: it expires with its connection, so it can never outlive it. */
    private static Map<String, AttributeValue> membership(String room, String connectionId, String userId, long expires) {
        return Map.of(ROOM, s(room), CONNECTION_ID, s(connectionId), USER_ID, s(userId), TableCatalogue.TTL, n(expires));
    }

    /** DELETEs a room from the connection's item, bumping its version, if the connection exists and is live. */
    private void leaveRoom(String connectionId, String room) {
        try {
            dynamo.updateItem(b -> b.tableName(connectionsTable)
                    .key(Map.of(CONNECTION_ID, s(connectionId)))
                    .updateExpression("DELETE #rooms :room ADD #v :one")
                    .conditionExpression("attribute_exists(#id) AND (" + LIVE + ")")
                    .expressionAttributeNames(Map.of("#rooms", ROOMS, "#v", VERSION, "#id", CONNECTION_ID,
                            "#ttl", TableCatalogue.TTL))
                    .expressionAttributeValues(Map.of(":room", ss(List.of(room)), ":one", n(1),
                            ":now", n(clock.instant().getEpochSecond()))));
        } catch (ConditionalCheckFailedException gone) {
            // the connection went first, its rows with it
        }
    }

    /** Every connection row, without its rooms, by one paginated scan (the sweeper's work, not a request path's). */
    @Override
    public Census census() {
        long now = clock.instant().getEpochSecond();
        List<Connection> live = new ArrayList<>();
        List<Connection> expired = new ArrayList<>();
        // who and since when only: the rooms are read back when a connection is forgotten
        dynamo.scanPaginator(b -> b.tableName(connectionsTable).consistentRead(true)
                .projectionExpression("#id, #u, #r, #s, #at, #ttl")
                .expressionAttributeNames(Map.of("#id", CONNECTION_ID, "#u", USER_ID, "#r", ROLE, "#s", STORE_ID,
                        "#at", CONNECTED_AT, "#ttl", TableCatalogue.TTL))).items().forEach(item -> {
            long expires = Dynamo.number(item, TableCatalogue.TTL, 0);
            (expires <= 0 || expires > now ? live : expired).add(toConnection(item));
        });
        return new Census(List.copyOf(live), List.copyOf(expired));
    }

    /** A query of the {@code by_role} index for a role's connections whose rows have not expired. */
    private QueryRequest.Builder liveByRole(Role role) {
        return QueryRequest.builder().tableName(connectionsTable).indexName("by_role")
                .keyConditionExpression("#r = :r")
                .filterExpression(LIVE)
                .expressionAttributeNames(Map.of("#r", ROLE, "#ttl", TableCatalogue.TTL))
                .expressionAttributeValues(Map.of(":r", s(role.claim()), ":now", n(clock.instant().getEpochSecond())));
    }

    private static Connection toConnection(Map<String, AttributeValue> item) {
        Caller caller = new Caller(
                Dynamo.string(item, USER_ID),
                Role.fromClaim(Dynamo.string(item, ROLE)).orElseThrow(),
                Dynamo.string(item, STORE_ID));
        return new Connection(
                Dynamo.string(item, CONNECTION_ID),
                caller,
                Instant.ofEpochMilli(Dynamo.number(item, CONNECTED_AT, 0)),
                Dynamo.stringSet(item, ROOMS));
    }
}
