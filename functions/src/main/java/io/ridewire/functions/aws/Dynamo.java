package io.ridewire.functions.aws;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Small helpers over the low-level DynamoDB client, and the one set of item helpers every store maps its items with:
 * writers ({@code s}, {@code n}, {@code decimal}, {@code bool}, {@code putS}) and readers by attribute name. Times are
 * epoch milliseconds in number attributes.
 */
public final class Dynamo {
    private static final int BATCH_LIMIT = 25;
    private static final int MAX_UNPROCESSED_RETRIES = 8;

    private Dynamo() {
    }

    public static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    public static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    public static AttributeValue n(double value) {
        return AttributeValue.fromN(BigDecimal.valueOf(value).toPlainString());
    }

    public static AttributeValue n(BigDecimal value) {
        return AttributeValue.fromN(value.toPlainString());
    }

    /** Factors and percentages as strings: a number attribute would lose their scale (5.0 comes back as 5). */
    public static AttributeValue decimal(BigDecimal value) {
        return AttributeValue.fromS(value.toPlainString());
    }

    public static AttributeValue bool(boolean value) {
        return AttributeValue.fromBool(value);
    }

    public static AttributeValue ss(Collection<String> values) {
        return AttributeValue.fromSs(List.copyOf(values));
    }

    /** Puts a string attribute, or nothing when the value is null (DynamoDB has no null strings). */
    public static void putS(Map<String, AttributeValue> item, String name, String value) {
        if (value != null) {
            item.put(name, s(value));
        }
    }

    public static String string(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    public static long number(Map<String, AttributeValue> item, String name, long fallback) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? fallback : Long.parseLong(value.n());
    }

    /** A number attribute the item must have, as a long. */
    public static long longNumber(Map<String, AttributeValue> item, String name) {
        return Long.parseLong(item.get(name).n());
    }

    /** A number attribute the item must have, as a double. */
    public static double doubleNumber(Map<String, AttributeValue> item, String name) {
        return Double.parseDouble(item.get(name).n());
    }

    /** A number attribute the item must have, exactly. */
    public static BigDecimal bigDecimal(Map<String, AttributeValue> item, String name) {
        return new BigDecimal(item.get(name).n());
    }

    /** A value written with {@link #decimal(BigDecimal)}, with its scale. */
    public static BigDecimal decimal(Map<String, AttributeValue> item, String name) {
        return new BigDecimal(item.get(name).s());
    }

    /** A time the item must have, written as epoch milliseconds. */
    public static Instant instant(Map<String, AttributeValue> item, String name) {
        return Instant.ofEpochMilli(longNumber(item, name));
    }

    /** A boolean attribute; absent is false. */
    public static boolean bool(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value != null && Boolean.TRUE.equals(value.bool());
    }

    public static Set<String> stringSet(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item == null ? null : item.get(name);
        return value == null || !value.hasSs() ? Set.of() : Set.copyOf(value.ss());
    }

    /**
     * Writes requests (per table) in batches of at most 25, retrying unprocessed items with a short backoff. Small
     * writes spanning tables go out in one call.
     */
    public static void batchWrite(DynamoDbClient dynamo, Map<String, List<WriteRequest>> requestsByTable) {
        List<Map<String, List<WriteRequest>>> batches = new ArrayList<>();
        Map<String, List<WriteRequest>> current = new HashMap<>();
        int size = 0;
        for (Map.Entry<String, List<WriteRequest>> table : requestsByTable.entrySet()) {
            for (WriteRequest request : table.getValue()) {
                if (size == BATCH_LIMIT) {
                    batches.add(current);
                    current = new HashMap<>();
                    size = 0;
                }
                current.computeIfAbsent(table.getKey(), k -> new ArrayList<>()).add(request);
                size++;
            }
        }
        if (size > 0) {
            batches.add(current);
        }
        for (Map<String, List<WriteRequest>> batch : batches) {
            writeWithRetries(dynamo, batch);
        }
    }

    /** Writes requests to one table in batches of at most 25. */
    public static void batchWrite(DynamoDbClient dynamo, String table, List<WriteRequest> requests) {
        batchWrite(dynamo, Map.of(table, requests));
    }

    private static void writeWithRetries(DynamoDbClient dynamo, Map<String, List<WriteRequest>> batch) {
        Map<String, List<WriteRequest>> pending = new HashMap<>(batch);
        for (int attempt = 0; !pending.isEmpty(); attempt++) {
            if (attempt > MAX_UNPROCESSED_RETRIES) {
                throw new IllegalStateException("DynamoDB left items unprocessed after retries: " + pending.keySet());
            }
            if (attempt > 0) {
                sleep(10L << Math.min(attempt, 6));
            }
            Map<String, List<WriteRequest>> request = Map.copyOf(pending);
            BatchWriteItemResponse response = dynamo.batchWriteItem(b -> b.requestItems(request));
            pending.clear();
            if (response.hasUnprocessedItems()) {
                response.unprocessedItems().forEach((name, items) -> {
                    if (!items.isEmpty()) {
                        pending.put(name, items);
                    }
                });
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
