package io.ridewire.functions.aws;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Small helpers over the low-level DynamoDB client. */
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

    public static AttributeValue ss(Collection<String> values) {
        return AttributeValue.fromSs(List.copyOf(values));
    }

    public static String string(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    public static long number(Map<String, AttributeValue> item, String name, long fallback) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? fallback : Long.parseLong(value.n());
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
