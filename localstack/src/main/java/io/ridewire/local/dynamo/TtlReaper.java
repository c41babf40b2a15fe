package io.ridewire.local.dynamo;

import io.ridewire.bridge.ops.Periodic;
import io.ridewire.deployment.TableCatalogue;
import io.ridewire.deployment.TableSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * DynamoDB's Time to Live, which DynamoDB Local does not implement: items whose TTL attribute (a number of epoch
 * seconds) has passed are deleted in the background, in every table that declares one. AWS deletes them late (up to
 * days) and readers must ignore them until then; the reaper waits {@code lag} past expiry, so the application's own
 * clean-up runs first locally as it would in AWS, and nothing relies on a prompt deletion.
 */
public final class TtlReaper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TtlReaper.class);

    private final DynamoDbClient dynamo;
    private final String prefix;
    private final Clock clock;
    private final Duration lag;
    private final Duration interval;
    private Periodic loop;

    public TtlReaper(DynamoDbClient dynamo, String prefix, Clock clock, Duration lag, Duration interval) {
        this.dynamo = dynamo;
        this.prefix = prefix;
        this.clock = clock;
        this.lag = lag;
        this.interval = interval;
    }

    public synchronized TtlReaper start() {
        if (loop == null) {
            loop = Periodic.start("ttl-reaper", this::reapOnce, interval, interval,
                    e -> LOG.debug("TTL pass failed: {}", e.toString()));
        }
        return this;
    }

    /** Deletes every item expired more than {@code lag} ago; returns how many. */
    public int reapOnce() {
        long cutoff = clock.instant().minus(lag).getEpochSecond();
        int reaped = 0;
        for (TableSpec table : TableCatalogue.all()) {
            if (table.ttlAttribute() != null) {
                reaped += reap(prefix + table.name(), table, cutoff);
            }
        }
        return reaped;
    }

    private int reap(String name, TableSpec table, long cutoff) {
        List<String> keys = table.sortKeyIfAny().isPresent()
                ? List.of(table.partitionKey().name(), table.sortKey().name())
                : List.of(table.partitionKey().name());
        Map<String, String> names = new HashMap<>();
        names.put("#ttl", table.ttlAttribute());
        StringBuilder projection = new StringBuilder("#ttl");
        for (int i = 0; i < keys.size(); i++) {
            names.put("#k" + i, keys.get(i));
            projection.append(", #k").append(i);
        }
        Map<String, AttributeValue> cutoffValue = Map.of(":cutoff", AttributeValue.fromN(Long.toString(cutoff)));
        int reaped = 0;
        // a number below the cut-off expires; DynamoDB ignores a TTL attribute of any other type
        for (Map<String, AttributeValue> item : dynamo.scanPaginator(b -> b.tableName(name)
                .filterExpression("#ttl < :cutoff")
                .projectionExpression(projection.toString())
                .expressionAttributeNames(names)
                .expressionAttributeValues(cutoffValue)).items()) {
            Map<String, AttributeValue> key = new HashMap<>();
            keys.forEach(k -> key.put(k, item.get(k)));
            try {
                dynamo.deleteItem(b -> b.tableName(name).key(key)
                        .conditionExpression("#ttl < :cutoff")
                        .expressionAttributeNames(Map.of("#ttl", table.ttlAttribute()))
                        .expressionAttributeValues(cutoffValue));
                reaped++;
            } catch (ConditionalCheckFailedException renewed) {
                // written again with a later expiry since the scan
            }
        }
        return reaped;
    }

    @Override
    public synchronized void close() {
        if (loop != null) {
            loop.close();
            loop = null;
        }
    }
}
