package io.ridewire.functions.aws;

import jakarta.inject.Singleton;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Counts DynamoDB calls by operation, so a test or benchmark can prove a path writes nothing (the location hot
 * path) and metrics can show what each capability costs. Calls made while a route runs ({@link #attributedTo}) are
 * also counted under that route, so a measurement of one path is not blurred by background work (deadline pollers,
 * acks) sharing the client.
 */
@Singleton
public class DynamoCallCounter implements ExecutionInterceptor {
    /** Operations that write. */
    public static final Set<String> WRITES = Set.of("PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem",
            "TransactWriteItems");

    // inheritable: work a route hands to a new (virtual) thread still counts against the route
    private static final InheritableThreadLocal<String> ROUTE = new InheritableThreadLocal<>();

    private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();
    private final Map<String, Map<String, LongAdder>> callsByRoute = new ConcurrentHashMap<>();
    private final DoubleAdder readUnits = new DoubleAdder();
    private final DoubleAdder writeUnits = new DoubleAdder();
    private volatile boolean measuringCapacity;
    private volatile Guard guard;

    /** Checks a call made while a route runs before it is sent (the local stack's IAM: what the route was granted). */
    @FunctionalInterface
    public interface Guard {
        /** Throws to refuse the call, as AWS refuses one the function's role does not allow. */
        void check(String route, SdkRequest request);
    }

    /** Puts {@code guard} before every call made while a route runs; null removes it. */
    public void guard(Guard guard) {
        this.guard = guard;
    }

    /**
     * Asks DynamoDB for the capacity each call consumes ({@code ReturnConsumedCapacity=TOTAL}) and sums it, read and
     * write apart; off by default (benchmarks switch it on).
     */
    public void measureCapacity(boolean on) {
        measuringCapacity = on;
    }

    /** Capacity units consumed since measuring began. */
    public record Capacity(double readUnits, double writeUnits) {
    }

    public Capacity capacity() {
        return new Capacity(readUnits.sum(), writeUnits.sum());
    }

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        if (!measuringCapacity) {
            return context.request();
        }
        ReturnConsumedCapacity total = ReturnConsumedCapacity.TOTAL;
        return switch (context.request()) {
            case GetItemRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
            case PutItemRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
            case UpdateItemRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
            case DeleteItemRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
            case QueryRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
            case BatchGetItemRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
            case BatchWriteItemRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
            case TransactWriteItemsRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
            default -> context.request();
        };
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        if (!measuringCapacity) {
            return;
        }
        List<ConsumedCapacity> consumed = switch (context.response()) {
            case GetItemResponse r -> one(r.consumedCapacity());
            case PutItemResponse r -> one(r.consumedCapacity());
            case UpdateItemResponse r -> one(r.consumedCapacity());
            case DeleteItemResponse r -> one(r.consumedCapacity());
            case QueryResponse r -> one(r.consumedCapacity());
            case BatchGetItemResponse r -> r.hasConsumedCapacity() ? r.consumedCapacity() : List.of();
            case BatchWriteItemResponse r -> r.hasConsumedCapacity() ? r.consumedCapacity() : List.of();
            case TransactWriteItemsResponse r -> r.hasConsumedCapacity() ? r.consumedCapacity() : List.of();
            default -> List.of();
        };
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        boolean write = WRITES.contains(operation);
        for (ConsumedCapacity capacity : consumed) {
            double units = capacity.capacityUnits() == null ? 0 : capacity.capacityUnits();
            (write ? writeUnits : readUnits).add(units);
        }
    }

    private static List<ConsumedCapacity> one(ConsumedCapacity capacity) {
        return capacity == null ? List.of() : List.of(capacity);
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        String route = ROUTE.get();
        Guard check = guard;
        if (route != null && check != null) {
            check.check(route, context.request());
        }
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        String name = operation == null ? "unknown" : operation;
        calls.computeIfAbsent(name, k -> new LongAdder()).increment();
        if (route != null) {
            callsByRoute.computeIfAbsent(route, k -> new ConcurrentHashMap<>())
                    .computeIfAbsent(name, k -> new LongAdder()).increment();
        }
    }

    /**
     * The route the calls made on this thread are attributed to, or null: work queued here and run on a thread this
     * one does not start (an HTTP client's I/O thread, a pool) captures it to run under {@link #attributedTo} there.
     */
    public static String currentRoute() {
        return ROUTE.get();
    }

    /**
     * Runs work with the DynamoDB calls it makes (on this thread and threads it starts) counted under route too; a
     * null route runs it unattributed.
     */
    public static <T> T attributedTo(String route, Supplier<T> work) {
        String outer = ROUTE.get();
        ROUTE.set(route);
        try {
            return work.get();
        } finally {
            ROUTE.set(outer);
        }
    }

    /** Calls so far, by operation name. */
    public Map<String, Long> snapshot() {
        return copy(calls);
    }

    /** Calls made so far while route ran, by operation name. */
    public Map<String, Long> snapshot(String route) {
        return copy(callsByRoute.getOrDefault(route, Map.of()));
    }

    public long writes() {
        return writes(snapshot());
    }

    public long writes(String route) {
        return writes(snapshot(route));
    }

    public long total() {
        return total(snapshot());
    }

    public long total(String route) {
        return total(snapshot(route));
    }

    private static Map<String, Long> copy(Map<String, LongAdder> counts) {
        Map<String, Long> copy = new TreeMap<>();
        counts.forEach((operation, count) -> copy.put(operation, count.sum()));
        return copy;
    }

    private static long writes(Map<String, Long> counts) {
        return counts.entrySet().stream().filter(e -> WRITES.contains(e.getKey())).mapToLong(Map.Entry::getValue).sum();
    }

    private static long total(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }
}
