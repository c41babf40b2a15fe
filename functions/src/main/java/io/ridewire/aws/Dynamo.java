package io.ridewire.aws;

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

    /** Writes requests in batches of 25, retrying unprocessed items with a short backoff. */
    public static void batchWrite(DynamoDbClient dynamo, String table, List<WriteRequest> requests) {
        for (int start = 0; start < requests.size(); start += BATCH_LIMIT) {
            List<WriteRequest> chunk = requests.subList(start, Math.min(requests.size(), start + BATCH_LIMIT));
            Map<String, List<WriteRequest>> pending = new HashMap<>(Map.of(table, new ArrayList<>(chunk)));
            for (int attempt = 0; !pending.isEmpty(); attempt++) {
                if (attempt > MAX_UNPROCESSED_RETRIES) {
                    throw new IllegalStateException("DynamoDB left items unprocessed after retries: " + table);
                }
                if (attempt > 0) {
                    sleep(10L << Math.min(attempt, 6));
                }
                BatchWriteItemResponse response = dynamo.batchWriteItem(b -> b.requestItems(pending));
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
