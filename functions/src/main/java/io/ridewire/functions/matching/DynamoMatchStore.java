package io.ridewire.functions.matching;

import io.ridewire.model.matching.Match;

import io.ridewire.functions.aws.TableNames;
import io.ridewire.functions.matching.MatchItems.Traced;
import io.ridewire.model.rides.Ride;
import io.ridewire.deployment.TableCatalogue;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.ridewire.functions.aws.Dynamo.n;
import static io.ridewire.functions.aws.Dynamo.s;

/** The {@link MatchStore} in the matches table: a lock is an item ({@code driver#id}, {@code passenger#id}). */
@Singleton
public class DynamoMatchStore implements MatchStore {
    private static final String HOLDER = "holder";
    private static final String LOCK_STATE = "lock_state";
    private static final String UNTIL = "until";
    /** Matches are kept a week for support and the rides service, then expire. */
    private static final Duration RETENTION = Duration.ofDays(7);
    private static final String FREE = "attribute_not_exists(#pk) OR #until < :now OR #holder = :m";

    private final DynamoDbClient dynamo;
    private final String table;
    private final String rides;
    private final String events;

    public DynamoMatchStore(DynamoDbClient dynamo, TableNames tables) {
        this.dynamo = dynamo;
        this.table = tables.of(TableCatalogue.MATCHES);
        this.rides = tables.of(TableCatalogue.RIDES);
        this.events = tables.of(TableCatalogue.EVENTS);
    }

    @Override
    public Optional<Traced> find(String matchId) {
        var response = dynamo.getItem(b -> b.tableName(table)
                .key(Map.of(MatchItems.PK, s(MatchItems.matchKey(matchId)))).consistentRead(true));
        return response.hasItem() && !response.item().isEmpty()
                ? Optional.of(MatchItems.fromItem(response.item()))
                : Optional.empty();
    }

    @Override
    public StoreWrite create(Match match, String traceId, String correlationId, List<Lock> locks,
                      List<TransactWriteItem> alongside, Instant now) {
        List<TransactWriteItem> items = new ArrayList<>();
        items.add(TransactWriteItem.builder().put(Put.builder().tableName(table)
                .item(MatchItems.toItem(match, traceId, correlationId, retention(match)))
                .conditionExpression("attribute_not_exists(#pk)")
                .expressionAttributeNames(Map.of("#pk", MatchItems.PK))
                .build()).build());
        for (Lock lock : locks) {
            items.add(take(lock, match.matchId(), now));
        }
        items.addAll(alongside);
        return transact(items);
    }

    @Override
    public StoreWrite save(Match before, Match after, String traceId, String correlationId, List<Lock> take,
                    List<Lock> convert, boolean noRide, Instant now, List<TransactWriteItem> timers) {
        List<TransactWriteItem> items = new ArrayList<>();
        items.add(TransactWriteItem.builder().put(Put.builder().tableName(table)
                .item(MatchItems.toItem(after, traceId, correlationId, retention(after)))
                .conditionExpression("#v = :v")
                .expressionAttributeNames(Map.of("#v", MatchItems.VERSION))
                .expressionAttributeValues(Map.of(":v", n(before.version())))
                .build()).build());
        for (Lock lock : take) {
            items.add(take(lock, after.matchId(), now));
        }
        for (Lock lock : convert) {
            items.add(TransactWriteItem.builder().update(Update.builder().tableName(table)
                    .key(Map.of(MatchItems.PK, s(lock.key())))
                    .updateExpression("SET #state = :state, #until = :until, expires_at = :ttl")
                    .conditionExpression("#holder = :m")
                    .expressionAttributeNames(Map.of("#state", LOCK_STATE, "#until", UNTIL, "#holder", HOLDER))
                    .expressionAttributeValues(Map.of(":state", s(lock.state()),
                            ":until", n(lock.until().toEpochMilli()), ":ttl", n(ttl(lock.until())),
                            ":m", s(after.matchId())))
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                    .build()).build());
        }
        if (noRide) {
            String rideKey = TableCatalogue.RIDES.partitionKey().name();
            items.add(TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName(rides)
                    .key(Map.of(rideKey, s(Ride.idFor(after.matchId()))))
                    .conditionExpression("attribute_not_exists(#id)")
                    .expressionAttributeNames(Map.of("#id", rideKey))
                    .build()).build());
        }
        items.addAll(timers);
        return transact(items);
    }

    @Override
    public TransactWriteItem stillConfirmed(String matchId) {
        return TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName(table)
                .key(Map.of(MatchItems.PK, s(MatchItems.matchKey(matchId))))
                .conditionExpression("#state = :confirmed")
                .expressionAttributeNames(Map.of("#state", MatchItems.STATE))
                .expressionAttributeValues(Map.of(":confirmed", s("confirmed"))) // MatchState.Confirmed#name
                .build()).build();
    }

    @Override
    public void release(String lockKey, String matchId) {
        try {
            dynamo.deleteItem(b -> b.tableName(table)
                    .key(Map.of(MatchItems.PK, s(lockKey)))
                    .conditionExpression("#holder = :m")
                    .expressionAttributeNames(Map.of("#holder", HOLDER))
                    .expressionAttributeValues(Map.of(":m", s(matchId))));
        } catch (ConditionalCheckFailedException notOurs) {
            // already released, or taken over after it lapsed
        }
    }

    private TransactWriteItem take(Lock lock, String matchId, Instant now) {
        if (lock.state() == null) {
            return TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName(table)
                    .key(Map.of(MatchItems.PK, s(lock.key())))
                    .conditionExpression(FREE)
                    .expressionAttributeNames(Map.of("#pk", MatchItems.PK, "#until", UNTIL, "#holder", HOLDER))
                    .expressionAttributeValues(Map.of(":now", n(now.toEpochMilli()), ":m", s(matchId)))
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                    .build()).build();
        }
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(MatchItems.PK, s(lock.key()));
        item.put(HOLDER, s(matchId));
        item.put(LOCK_STATE, s(lock.state()));
        item.put(UNTIL, n(lock.until().toEpochMilli()));
        item.put("expires_at", n(ttl(lock.until())));
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(item)
                .conditionExpression(FREE)
                .expressionAttributeNames(Map.of("#pk", MatchItems.PK, "#until", UNTIL, "#holder", HOLDER))
                .expressionAttributeValues(Map.of(":now", n(now.toEpochMilli()), ":m", s(matchId)))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build()).build();
    }

    private StoreWrite transact(List<TransactWriteItem> items) {
        try {
            dynamo.transactWriteItems(b -> b.transactItems(items));
            return new StoreWrite.Saved();
        } catch (TransactionCanceledException cancelled) {
            List<CancellationReason> reasons = cancelled.cancellationReasons();
            for (int i = 1; i < reasons.size() && i < items.size(); i++) {
                if (!"ConditionalCheckFailed".equals(reasons.get(i).code())) {
                    continue;
                }
                String of = tableOf(items.get(i));
                if (rides.equals(of)) {
                    return new StoreWrite.RideStarted();
                }
                if (events.equals(of)) {
                    return new StoreWrite.InboxMoved();
                }
                if (!table.equals(of)) {
                    continue; // another table's write put no condition of ours
                }
                String key = key(items.get(i));
                Map<String, AttributeValue> old = reasons.get(i).hasItem() ? reasons.get(i).item() : Map.of();
                String holder = old.containsKey(HOLDER) ? old.get(HOLDER).s() : null;
                if (key.startsWith("driver#")) {
                    return new StoreWrite.DriverTaken(key.substring("driver#".length()), holder,
                            old.containsKey(LOCK_STATE) ? old.get(LOCK_STATE).s() : null,
                            old.containsKey(UNTIL) ? Instant.ofEpochMilli(Long.parseLong(old.get(UNTIL).n())) : null);
                }
                return new StoreWrite.PassengerTaken(key.substring("passenger#".length()), holder);
            }
            // the match's own condition failed, or a concurrent transaction touched the same items
            return new StoreWrite.Stale();
        }
    }

    private static String tableOf(TransactWriteItem item) {
        if (item.put() != null) {
            return item.put().tableName();
        }
        if (item.delete() != null) {
            return item.delete().tableName();
        }
        return item.update() != null ? item.update().tableName() : item.conditionCheck().tableName();
    }

    private static String key(TransactWriteItem item) {
        if (item.put() != null) {
            return item.put().item().get(MatchItems.PK).s();
        }
        if (item.conditionCheck() != null) {
            return item.conditionCheck().key().get(MatchItems.PK).s();
        }
        return item.update().key().get(MatchItems.PK).s();
    }

    private static long retention(Match match) {
        return match.createdAt().plus(RETENTION).getEpochSecond();
    }

    private static long ttl(Instant until) {
        // DynamoDB reaps expired items lazily; the until condition is what frees a lock, TTL only tidies up
        return until.getEpochSecond() + 3600;
    }
}
