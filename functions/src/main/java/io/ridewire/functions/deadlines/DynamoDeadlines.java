package io.ridewire.functions.deadlines;

import io.ridewire.functions.aws.Dynamo;
import io.ridewire.functions.aws.TableNames;
import io.ridewire.deployment.TableCatalogue;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static io.ridewire.functions.aws.Dynamo.n;
import static io.ridewire.functions.aws.Dynamo.s;

/**
 * The {@link Deadlines} in DynamoDB: one item per deadline, found through the {@code by_due} index and claimed with a
 * conditional update that pushes its due time forward by a lease; a failing one carries its failures and when they
 * began, which puts it in the sparse {@code by_failing} index.
 */
@Singleton
public class DynamoDeadlines implements Deadlines {
    static final String ID = "deadline_id";
    static final String KIND = "kind";
    static final String DUE = "due";
    static final String PAYLOAD = "payload";
    static final String SHARD = "shard";
    static final String CLAIM = "claim";
    static final String FAILURES = "failures";
    static final String FAILING_SINCE = "failing_since";
    private static final String BY_DUE = "by_due";
    private static final String BY_FAILING = "by_failing";
    /** A deadline nobody could fire for this long after it was due is dropped by DynamoDB's TTL. */
    private static final Duration KEEP_AFTER_DUE = Duration.ofDays(7);

    private final DynamoDbClient dynamo;
    private final DeadlineSettings settings;
    private final RetryBackoff backoff;
    private final Clock clock;
    private final String table;

    public DynamoDeadlines(DynamoDbClient dynamo, TableNames tables, DeadlineSettings settings, Clock clock) {
        this.dynamo = dynamo;
        this.settings = settings;
        this.backoff = RetryBackoff.startingAt(settings.getRetryDelay());
        this.clock = clock;
        this.table = tables.of(TableCatalogue.DEADLINES);
    }

    @Override
    public TransactWriteItem put(Deadline deadline) {
        return TransactWriteItem.builder().put(p -> p.tableName(table).item(item(deadline))).build();
    }

    @Override
    public TransactWriteItem delete(String id) {
        return TransactWriteItem.builder().delete(d -> d.tableName(table).key(key(id))).build();
    }

    @Override
    public void schedule(Deadline deadline) {
        dynamo.putItem(b -> b.tableName(table).item(item(deadline)));
    }

    @Override
    public void schedule(List<Deadline> deadlines) {
        Map<String, Deadline> byId = new LinkedHashMap<>(); // one batch may not put one key twice
        deadlines.forEach(deadline -> byId.put(deadline.id(), deadline));
        if (byId.size() == 1) {
            schedule(byId.values().iterator().next());
        } else if (!byId.isEmpty()) {
            Dynamo.batchWrite(dynamo, table, byId.values().stream()
                    .map(deadline -> WriteRequest.builder().putRequest(p -> p.item(item(deadline))).build()).toList());
        }
    }

    @Override
    public boolean cancel(String id) {
        var old = dynamo.deleteItem(b -> b.tableName(table).key(key(id)).returnValues(ReturnValue.ALL_OLD));
        return old.hasAttributes() && !old.attributes().isEmpty();
    }

    @Override
    public Optional<Instant> dueAt(String id) {
        var response = dynamo.getItem(b -> b.tableName(table).key(key(id)).consistentRead(true));
        return response.hasItem() && !response.item().isEmpty()
                ? Optional.of(Instant.ofEpochMilli(Dynamo.number(response.item(), DUE, 0)))
                : Optional.empty();
    }

    @Override
    public List<Claim> claimDue(Duration lookahead) {
        long now = clock.millis();
        List<Claim> claims = new ArrayList<>();
        for (int shard = 0; shard < shards(); shard++) {
            for (Map<String, AttributeValue> found : due(shard, now + lookahead.toMillis(), settings.getBatchSize())) {
                // the due time it was found with: a retried claim sees the lease as the old due time
                Instant scheduled = Instant.ofEpochMilli(Dynamo.number(found, DUE, now));
                claim(Dynamo.string(found, ID), "#due = :seen", Map.of(":seen", found.get(DUE)))
                        .map(claim -> new Claim(new Deadline(claim.deadline().id(), claim.deadline().kind(), scheduled,
                                claim.deadline().payload()), claim.token(), claim.failures()))
                        .ifPresent(claims::add);
            }
        }
        return claims;
    }

    @Override
    public List<Claim> claimDue() {
        return claimDue(Duration.ZERO);
    }

    @Override
    public boolean stillClaimed(Claim claim) {
        var item = dynamo.getItem(b -> b.tableName(table).key(key(claim.deadline().id())).consistentRead(true));
        return item.hasItem() && claim.token().equals(Dynamo.string(item.item(), CLAIM));
    }

    @Override
    public void release(Claim claim) {
        moveClaimed(claim, claim.deadline().due().toEpochMilli());
    }

    @Override
    public Optional<Claim> claimNow(String id) {
        return claim(id, "attribute_exists(#id) AND (attribute_not_exists(#claim) OR #due <= :now)",
                Map.of(":now", n(clock.millis())));
    }

    private Optional<Claim> claim(String id, String condition, Map<String, AttributeValue> conditionValues) {
        String token = UUID.randomUUID().toString();
        Map<String, AttributeValue> values = new HashMap<>(conditionValues);
        values.put(":lease", n(clock.millis() + settings.getLease().toMillis()));
        values.put(":token", s(token));
        Map<String, String> names = new HashMap<>(Map.of("#due", DUE, "#claim", CLAIM));
        if (condition.contains("#id")) {
            names.put("#id", ID);
        }
        try {
            var updated = dynamo.updateItem(b -> b.tableName(table).key(key(id))
                    .updateExpression("SET #due = :lease, #claim = :token")
                    // the SDK retries a claim whose answer was lost: finding its own token, it holds the claim
                    .conditionExpression("(" + condition + ") OR #claim = :token")
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values)
                    .returnValues(ReturnValue.ALL_OLD)); // the deadline as scheduled, with its own due time
            return Optional.of(new Claim(toDeadline(updated.attributes()), token,
                    (int) Dynamo.number(updated.attributes(), FAILURES, 0)));
        } catch (ConditionalCheckFailedException taken) {
            return Optional.empty(); // another poller claimed it, or it was moved or cancelled meanwhile
        }
    }

    @Override
    public void complete(Claim claim) {
        try {
            dynamo.deleteItem(b -> b.tableName(table).key(key(claim.deadline().id()))
                    .conditionExpression("#claim = :token")
                    .expressionAttributeNames(Map.of("#claim", CLAIM))
                    .expressionAttributeValues(Map.of(":token", s(claim.token()))));
        } catch (ConditionalCheckFailedException moved) {
            // re-scheduled while it fired: the new deadline stands
        }
    }

    @Override
    public void retryLater(Claim claim, Duration delay) {
        moveClaimed(claim, clock.millis() + delay.toMillis());
    }

    @Override
    public Duration failed(Claim claim) {
        int failures = claim.failures() + 1;
        Duration wait = backoff.after(failures);
        long now = clock.millis();
        long due = now + wait.toMillis();
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(claim.deadline().id()))
                    .updateExpression("SET #due = :due, #failures = :failures, #since = if_not_exists(#since, :now), "
                            + "#ttl = :ttl REMOVE #claim")
                    .conditionExpression("#claim = :token")
                    .expressionAttributeNames(Map.of("#due", DUE, "#claim", CLAIM, "#failures", FAILURES,
                            "#since", FAILING_SINCE, "#ttl", TableCatalogue.TTL))
                    .expressionAttributeValues(Map.of(":due", n(due), ":failures", n(failures), ":now", n(now),
                            ":ttl", n(expiry(Instant.ofEpochMilli(due))), ":token", s(claim.token()))));
        } catch (ConditionalCheckFailedException moved) {
            // re-scheduled or cancelled while it fired: that stands
        }
        return wait;
    }

    @Override
    public Optional<Failing> longestFailing() {
        Optional<Failing> longest = Optional.empty();
        for (int shard = 0; shard < shards(); shard++) {
            for (Map<String, AttributeValue> item : dynamo.query(failingIn(shard).limit(1).build()).items()) {
                Failing found = new Failing(Dynamo.string(item, ID),
                        Instant.ofEpochMilli(Dynamo.number(item, FAILING_SINCE, clock.millis())));
                if (longest.isEmpty() || found.since().isBefore(longest.get().since())) {
                    longest = Optional.of(found);
                }
            }
        }
        return longest;
    }

    @Override
    public long failingCount() {
        long count = 0;
        for (int shard = 0; shard < shards(); shard++) {
            for (QueryResponse page : dynamo.queryPaginator(failingIn(shard).select(Select.COUNT).build())) {
                count += page.count();
            }
        }
        return count;
    }

    /** A shard's failing deadlines, through the sparse index: longest failing first. */
    private QueryRequest.Builder failingIn(int shard) {
        return QueryRequest.builder().tableName(table).indexName(BY_FAILING)
                .keyConditionExpression("#shard = :shard")
                .expressionAttributeNames(Map.of("#shard", SHARD))
                .expressionAttributeValues(Map.of(":shard", s(Integer.toString(shard))));
    }

    private void moveClaimed(Claim claim, long due) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(claim.deadline().id()))
                    .updateExpression("SET #due = :due REMOVE #claim")
                    .conditionExpression("#claim = :token")
                    .expressionAttributeNames(Map.of("#due", DUE, "#claim", CLAIM))
                    .expressionAttributeValues(Map.of(":due", n(due), ":token", s(claim.token()))));
        } catch (ConditionalCheckFailedException moved) {
            // re-scheduled or cancelled while it fired: that stands
        }
    }

    @Override
    public Duration lag() {
        long now = clock.millis();
        long oldest = now;
        for (int shard = 0; shard < shards(); shard++) {
            for (Map<String, AttributeValue> item : due(shard, now, 1)) {
                oldest = Math.min(oldest, Dynamo.number(item, DUE, now));
            }
        }
        return Duration.ofMillis(now - oldest);
    }

    /** Up to {@code limit} unclaimed-or-expired items of a shard due by {@code now}, oldest first. */
    private List<Map<String, AttributeValue>> due(int shard, long now, int limit) {
        return dynamo.query(b -> b.tableName(table).indexName(BY_DUE)
                .keyConditionExpression("#shard = :shard AND #due <= :now")
                .expressionAttributeNames(Map.of("#shard", SHARD, "#due", DUE))
                .expressionAttributeValues(Map.of(":shard", s(Integer.toString(shard)), ":now", n(now)))
                .limit(limit)).items();
    }

    private int shards() {
        return Math.max(1, settings.getShards());
    }

    private Map<String, AttributeValue> item(Deadline deadline) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(ID, s(deadline.id()));
        item.put(KIND, s(deadline.kind()));
        item.put(DUE, n(deadline.due().toEpochMilli()));
        item.put(SHARD, s(Integer.toString(Math.floorMod(deadline.id().hashCode(), shards()))));
        item.put(PAYLOAD, s(deadline.payload() == null ? "" : deadline.payload()));
        item.put(TableCatalogue.TTL, n(expiry(deadline.due())));
        return item;
    }

    private static long expiry(Instant due) {
        return due.plus(KEEP_AFTER_DUE).getEpochSecond();
    }

    private static Map<String, AttributeValue> key(String id) {
        return Map.of(ID, s(id));
    }

    private static Deadline toDeadline(Map<String, AttributeValue> item) {
        return new Deadline(Dynamo.string(item, ID), Dynamo.string(item, KIND),
                Instant.ofEpochMilli(Dynamo.number(item, DUE, 0)), Dynamo.string(item, PAYLOAD));
    }
}
