package io.ridewire.functions.delivery;

import io.ridewire.functions.aws.Dynamo;
import io.ridewire.functions.aws.TableNames;
import io.ridewire.deployment.TableCatalogue;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;

import static io.ridewire.functions.aws.Dynamo.n;
import static io.ridewire.functions.aws.Dynamo.s;

/**
 * The {@link EventStore} in DynamoDB, one partition per inbox: a counter item ({@code sk = "seq"}), one item per
 * event ({@code sk = "e#" + zero-padded seq}) and one guard per event id ({@code sk = "id#" + id}), written in one
 * transaction. An ack marks the guard.
 */
@Singleton
public class DynamoEventStore implements EventStore {
    static final String INBOX = "inbox";
    static final String SK = "sk";
    static final String SEQ = "seq";
    static final String EVENT_ID = "event_id";
    static final String TYPE = "type";
    static final String PAYLOAD = "payload";
    static final String ACK_REQUIRED = "ack_required";
    static final String ACKED = "acked";
    static final String CREATED_AT = "created_at";
    static final String EPOCH = "epoch";
    private static final String COUNTER = "seq";
    private static final String EVENT_PREFIX = "e#";
    private static final String GUARD_PREFIX = "id#";
    private static final int MAX_ATTEMPTS = 50;
    private static final int TURN_STRIPES = 1024;

    private final DynamoDbClient dynamo;
    private final DeliverySettings settings;
    private final Clock clock;
    private final String table;
    /**
     * Appends to one inbox take turns in this process: they all need its counter, and a burst racing for it
     * optimistically spends its tries on conflicts (the retry loop is left for races between processes).
     */
    private final Turn[] turns = new Turn[TURN_STRIPES];

    /** A stripe of inboxes' turn, and the counter its last append left (a burst's next append needs no read). */
    private static final class Turn extends ReentrantLock {
        private String inboxKey;
        private Counter counter;
    }

    public DynamoEventStore(DynamoDbClient dynamo, TableNames tables, DeliverySettings settings, Clock clock) {
        this.dynamo = dynamo;
        this.settings = settings;
        this.clock = clock;
        this.table = tables.of(TableCatalogue.EVENTS);
        for (int i = 0; i < turns.length; i++) {
            turns[i] = new Turn();
        }
    }

    static String eventKey(long seq) {
        return EVENT_PREFIX + String.format("%019d", seq);
    }

    @Override
    public PendingAppend prepare(Inbox inbox, Counter counter, String eventId, String type, boolean ackRequired,
                                 String payloadJson) {
        long current = counter.seq();
        long next = current + 1;
        String epoch = counter.epoch() != null ? counter.epoch() : newEpoch();
        Instant now = clock.instant();
        Instant expires = now.plus(settings.getRetention());
        Map<String, AttributeValue> event = new HashMap<>();
        event.put(INBOX, s(inbox.key()));
        event.put(SK, s(eventKey(next)));
        event.put(SEQ, n(next));
        event.put(EVENT_ID, s(eventId));
        event.put(TYPE, s(type));
        event.put(PAYLOAD, s(payloadJson));
        event.put(ACK_REQUIRED, AttributeValue.fromBool(ackRequired));
        event.put(CREATED_AT, n(now.toEpochMilli()));
        event.put(TableCatalogue.TTL, n(expires.getEpochSecond()));
        List<TransactWriteItem> writes = List.of(
                TransactWriteItem.builder().update(u -> u.tableName(table)
                        .key(Map.of(INBOX, s(inbox.key()), SK, s(COUNTER)))
                        .updateExpression("SET #seq = :next, #epoch = :epoch")
                        .conditionExpression(current == 0 ? "attribute_not_exists(#seq)" : "#seq = :current")
                        .expressionAttributeNames(Map.of("#seq", SEQ, "#epoch", EPOCH))
                        .expressionAttributeValues(current == 0 ? Map.of(":next", n(next), ":epoch", s(epoch))
                                : Map.of(":next", n(next), ":current", n(current), ":epoch", s(epoch)))).build(),
                TransactWriteItem.builder().put(p -> p.tableName(table)
                        .item(Map.of(INBOX, s(inbox.key()), SK, s(GUARD_PREFIX + eventId), SEQ, n(next),
                                TableCatalogue.TTL, n(expires.getEpochSecond())))
                        .conditionExpression("attribute_not_exists(#sk)")
                        .expressionAttributeNames(Map.of("#sk", SK))).build(),
                TransactWriteItem.builder().put(p -> p.tableName(table).item(event)).build());
        return new PendingAppend(new StoredEvent(inbox, next, epoch, eventId, type, ackRequired, false, payloadJson,
                now, expires, true), writes);
    }

    @Override
    public StoredEvent append(Inbox inbox, String eventId, String type, boolean ackRequired, String payloadJson) {
        return append(inbox, eventId, type, ackRequired, payloadJson, List.of());
    }

    @Override
    public StoredEvent append(Inbox inbox, String eventId, String type, boolean ackRequired, String payloadJson,
                              List<TransactWriteItem> alongside) {
        Turn turn = turns[Math.floorMod(inbox.key().hashCode(), turns.length)];
        turn.lock();
        try {
            for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
                Counter counter = inbox.key().equals(turn.inboxKey) ? turn.counter : counter(inbox);
                turn.inboxKey = null;
                PendingAppend pending = prepare(inbox, counter, eventId, type, ackRequired, payloadJson);
                List<TransactWriteItem> writes = new ArrayList<>(pending.writes());
                writes.addAll(alongside);
                try {
                    dynamo.transactWriteItems(b -> b.transactItems(writes));
                    turn.inboxKey = inbox.key();
                    turn.counter = new Counter(pending.event().seq(), pending.event().epoch());
                    return pending.event();
                } catch (TransactionCanceledException cancelled) {
                    List<CancellationReason> reasons = cancelled.hasCancellationReasons()
                            ? cancelled.cancellationReasons() : List.of();
                    if (reasons.size() > 1 && "ConditionalCheckFailed".equals(reasons.get(1).code())) {
                        // stored before: return it, or (its retention just ran out) a settled stand-in
                        StoredEvent staged = pending.event();
                        return find(inbox, eventId).orElseGet(() -> new StoredEvent(inbox, 0, staged.epoch(), eventId,
                                type, ackRequired, true, payloadJson, staged.createdAt(), staged.createdAt(), false));
                    }
                    // another process took this seq first (or a transaction conflict): read the counter again
                    pause(attempt);
                }
            }
        } finally {
            turn.unlock();
        }
        throw new IllegalStateException("could not store event " + eventId + " in " + inbox.key()
                + " after " + MAX_ATTEMPTS + " attempts");
    }

    @Override
    public Map<Inbox, Counter> counters(Collection<Inbox> inboxes) {
        Map<String, Inbox> byKey = new HashMap<>();
        Map<Inbox, Counter> counters = new HashMap<>();
        inboxes.forEach(inbox -> {
            byKey.put(inbox.key(), inbox);
            counters.put(inbox, new Counter(0, null));
        });
        List<Map<String, AttributeValue>> keys = byKey.keySet().stream()
                .map(key -> Map.of(INBOX, s(key), SK, s(COUNTER))).toList();
        Map<String, KeysAndAttributes> request = Map.of(table,
                KeysAndAttributes.builder().keys(keys).consistentRead(true).build());
        while (!request.isEmpty()) {
            final Map<String, KeysAndAttributes> ask = request;
            var response = dynamo.batchGetItem(b -> b.requestItems(ask));
            for (Map<String, AttributeValue> item : response.responses().getOrDefault(table, List.of())) {
                counters.put(byKey.get(Dynamo.string(item, INBOX)),
                        new Counter(Dynamo.number(item, SEQ, 0), Dynamo.string(item, EPOCH)));
            }
            request = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
        }
        return counters;
    }

    @Override
    public Counter counter(Inbox inbox) {
        var response = dynamo.getItem(b -> b.tableName(table)
                .key(Map.of(INBOX, s(inbox.key()), SK, s(COUNTER))).consistentRead(true));
        return response.hasItem() && !response.item().isEmpty()
                ? new Counter(Dynamo.number(response.item(), SEQ, 0), Dynamo.string(response.item(), EPOCH))
                : new Counter(0, null);
    }

    private static String newEpoch() {
        return Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
    }

    @Override
    public Optional<StoredEvent> find(Inbox inbox, String eventId) {
        var guard = dynamo.getItem(b -> b.tableName(table)
                .key(Map.of(INBOX, s(inbox.key()), SK, s(GUARD_PREFIX + eventId))).consistentRead(true));
        if (!guard.hasItem() || guard.item().isEmpty()) {
            return Optional.empty();
        }
        long seq = Dynamo.number(guard.item(), SEQ, 0);
        var item = dynamo.getItem(b -> b.tableName(table)
                .key(Map.of(INBOX, s(inbox.key()), SK, s(eventKey(seq)))).consistentRead(true));
        if (!item.hasItem() || item.item().isEmpty()) {
            return Optional.empty();
        }
        // events acknowledged before acks marked the guard carry the mark on the event item
        boolean acked = bool(guard.item(), ACKED) || bool(item.item(), ACKED);
        return Optional.of(toEvent(inbox, item.item(), counter(inbox).epoch(), acked)).filter(this::live);
    }

    /** One write and no read: the ack names the event by id, and the guard is the item keyed by it. */
    @Override
    public boolean markAcked(Inbox inbox, String eventId) {
        try {
            dynamo.updateItem(b -> b.tableName(table)
                    .key(Map.of(INBOX, s(inbox.key()), SK, s(GUARD_PREFIX + eventId)))
                    .updateExpression("SET #acked = :true")
                    .conditionExpression("attribute_exists(#sk)")
                    .expressionAttributeNames(Map.of("#acked", ACKED, "#sk", SK))
                    .expressionAttributeValues(Map.of(":true", AttributeValue.fromBool(true))));
            return true;
        } catch (ConditionalCheckFailedException unknown) {
            return false;
        }
    }

    @Override
    public Page after(Inbox inbox, long since, int limit) {
        return after(inbox, counter(inbox).epoch(), since, limit);
    }

    @Override
    public Page after(Inbox inbox, String epoch, long since, int limit) {
        List<StoredEvent> events = new ArrayList<>();
        if (epoch == null) {
            return new Page(events, false, null);
        }
        Map<String, AttributeValue> startKey = null;
        boolean more = false;
        do {
            final Map<String, AttributeValue> from = startKey;
            int want = limit + 1 - events.size();
            var page = dynamo.query(b -> b.tableName(table)
                    .keyConditionExpression("#i = :i AND #sk BETWEEN :from AND :to")
                    .expressionAttributeNames(Map.of("#i", INBOX, "#sk", SK))
                    .expressionAttributeValues(Map.of(":i", s(inbox.key()),
                            ":from", s(eventKey(Math.max(0, since) + 1)), ":to", s(eventKey(Long.MAX_VALUE))))
                    .consistentRead(true)
                    .limit(want)
                    .exclusiveStartKey(from));
            for (Map<String, AttributeValue> item : page.items()) {
                StoredEvent event = toEvent(inbox, item, epoch, false); // acks are on the guards, not read here
                if (!live(event)) {
                    continue;
                }
                if (events.size() == limit) {
                    more = true;
                    break;
                }
                events.add(event);
            }
            startKey = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (!more && startKey != null);
        return new Page(events, more, epoch);
    }

    private boolean live(StoredEvent event) {
        return event.expiresAt().isAfter(clock.instant());
    }

    private static StoredEvent toEvent(Inbox inbox, Map<String, AttributeValue> item, String epoch, boolean acked) {
        return new StoredEvent(inbox,
                Dynamo.number(item, SEQ, 0),
                epoch,
                Dynamo.string(item, EVENT_ID),
                Dynamo.string(item, TYPE),
                bool(item, ACK_REQUIRED),
                acked,
                Dynamo.string(item, PAYLOAD),
                Instant.ofEpochMilli(Dynamo.number(item, CREATED_AT, 0)),
                Instant.ofEpochSecond(Dynamo.number(item, TableCatalogue.TTL, 0)),
                false);
    }

    private static boolean bool(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value != null && Boolean.TRUE.equals(value.bool());
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, 5L << Math.min(attempt, 5)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
