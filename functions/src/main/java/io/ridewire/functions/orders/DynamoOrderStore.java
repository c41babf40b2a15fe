package io.ridewire.functions.orders;

import io.ridewire.model.orders.OrderStatus;
import io.ridewire.model.orders.OrderType;
import io.ridewire.model.orders.Place;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.ridewire.functions.aws.Dynamo;
import io.ridewire.functions.aws.TableNames;
import io.ridewire.functions.aws.Transactions;
import io.ridewire.deployment.TableCatalogue;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.ridewire.functions.aws.Dynamo.n;
import static io.ridewire.functions.aws.Dynamo.s;

/** The {@link OrderStore} in DynamoDB: every change a conditional write. */
@Singleton
public class DynamoOrderStore implements OrderStore {
    static final String ORDER_ID = "order_id";
    static final String TYPE = "type";
    static final String STATUS = "status";
    static final String CUSTOMER_ID = "customer_id";
    static final String STORE_ID = "store_id";
    static final String DRIVER_ID = "driver_id";
    static final String ITEMS = "items";
    static final String PICKUP = "pickup";
    static final String DROP = "drop";
    static final String FARE = "fare";
    static final String CREATED_AT = "created_at";
    static final String UPDATED_AT = "updated_at";
    static final String ESCALATED = "escalated";
    static final String CANCEL_REASON = "cancel_reason";
    /** How many times a write conflicting with another transaction on the order is tried before it counts as lost. */
    private static final int CONFLICT_TRIES = 4;

    private final DynamoDbClient dynamo;
    private final JsonMapper json;
    private final OrderSettings settings;
    private final Clock clock;
    private final String table;

    public DynamoOrderStore(DynamoDbClient dynamo, TableNames tables, JsonMapper json, OrderSettings settings,
                           Clock clock) {
        this.dynamo = dynamo;
        this.json = json;
        this.settings = settings;
        this.clock = clock;
        this.table = tables.of(TableCatalogue.ORDERS);
    }

    @Override
    public boolean create(Order order, List<TransactWriteItem> alongside) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(ORDER_ID, s(order.orderId()));
        item.put(TYPE, s(order.type().wireName()));
        item.put(STATUS, s(order.status().wireName()));
        item.put(CUSTOMER_ID, s(order.customerId()));
        if (order.storeId() != null) {
            item.put(STORE_ID, s(order.storeId()));
        }
        if (order.items() != null) {
            item.put(ITEMS, s(write(order.items())));
        }
        item.put(PICKUP, s(write(order.pickup())));
        item.put(DROP, s(write(order.drop())));
        item.put(FARE, n(order.fare()));
        item.put(CREATED_AT, n(order.createdAt().toEpochMilli()));
        item.put(UPDATED_AT, n(order.updatedAt().toEpochMilli()));
        item.put(TableCatalogue.TTL, n(order.createdAt().plus(settings.getRetention()).getEpochSecond()));
        return commit(order.orderId(), TransactWriteItem.builder().put(p -> p.tableName(table).item(item)
                .conditionExpression("attribute_not_exists(#id)")
                .expressionAttributeNames(Map.of("#id", ORDER_ID))).build(), alongside);
    }

    /**
     * Writes {@code first} (conditional) with {@code alongside}, all or none; false when {@code first}'s condition
     * failed, {@link OrderContended} when the order stayed in conflict with other transactions.
     */
    private boolean commit(String orderId, TransactWriteItem first, List<TransactWriteItem> alongside) {
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(first);
        writes.addAll(alongside);
        return switch (Transactions.write(dynamo, writes, CONFLICT_TRIES)) {
            case Transactions.Outcome.Committed committed -> true;
            case Transactions.Outcome.Conflicted conflicted -> throw new OrderContended(orderId);
            case Transactions.Outcome.ConditionFailed failed when failed.failedAt(0) -> false;
            case Transactions.Outcome.ConditionFailed failed -> throw new IllegalStateException(
                    "a write committed with an order failed its condition: " + failed.reasons());
        };
    }

    @Override
    public Optional<Order> find(String orderId) {
        var response = dynamo.getItem(b -> b.tableName(table).key(key(orderId)).consistentRead(true));
        return response.hasItem() && !response.item().isEmpty() ? Optional.of(toOrder(response.item())) : Optional.empty();
    }

    @Override
    public Optional<Order> assign(Order seen, OrderStatus next, String driverId, List<TransactWriteItem> alongside) {
        Instant now = Instant.ofEpochMilli(clock.millis());
        return transact(seen.orderId(), "SET #d = :d, #s = :next, #u = :now",
                "attribute_exists(#id) AND #s = :current AND attribute_not_exists(#d)",
                Map.of("#id", ORDER_ID, "#d", DRIVER_ID, "#s", STATUS, "#u", UPDATED_AT),
                Map.of(":d", s(driverId), ":next", s(next.wireName()), ":current", s(seen.status().wireName()),
                        ":now", n(now.toEpochMilli())), alongside)
                ? Optional.of(new Order(seen.orderId(), seen.type(), next, seen.customerId(), seen.storeId(), driverId,
                        seen.items(), seen.pickup(), seen.drop(), seen.fare(), seen.createdAt(), now, seen.escalated(),
                        seen.cancelReason()))
                : Optional.empty();
    }

    @Override
    public Optional<Order> transition(Order seen, OrderStatus to, String driverId, String reason,
                                      List<TransactWriteItem> alongside) {
        Instant now = Instant.ofEpochMilli(clock.millis());
        Map<String, String> names = new HashMap<>(Map.of("#id", ORDER_ID, "#s", STATUS, "#u", UPDATED_AT));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":from", s(seen.status().wireName()), ":to", s(to.wireName()), ":now", n(now.toEpochMilli())));
        StringBuilder update = new StringBuilder("SET #s = :to, #u = :now");
        StringBuilder condition = new StringBuilder("attribute_exists(#id) AND #s = :from");
        if (reason != null) {
            update.append(", #r = :r");
            names.put("#r", CANCEL_REASON);
            values.put(":r", s(reason));
        }
        // the driver as seen too: a move decided on a read from before an accept must not commit over it
        String driver = driverId != null ? driverId : seen.driverId();
        names.put("#d", DRIVER_ID);
        if (driver == null) {
            condition.append(" AND attribute_not_exists(#d)");
        } else {
            condition.append(" AND #d = :d");
            values.put(":d", s(driver));
        }
        return transact(seen.orderId(), update.toString(), condition.toString(), names, values, alongside)
                ? Optional.of(new Order(seen.orderId(), seen.type(), to, seen.customerId(), seen.storeId(),
                        seen.driverId(), seen.items(), seen.pickup(), seen.drop(), seen.fare(), seen.createdAt(), now,
                        seen.escalated(), reason != null ? reason : seen.cancelReason()))
                : Optional.empty();
    }

    @Override
    public Optional<Order> escalate(Order seen, List<TransactWriteItem> alongside) {
        Instant now = Instant.ofEpochMilli(clock.millis());
        return transact(seen.orderId(), "SET #e = :true, #u = :now",
                "attribute_exists(#id) AND #s = :placed AND attribute_not_exists(#e)",
                Map.of("#id", ORDER_ID, "#e", ESCALATED, "#s", STATUS, "#u", UPDATED_AT),
                Map.of(":true", AttributeValue.fromBool(true), ":placed", s(OrderStatus.PLACED.wireName()),
                        ":now", n(now.toEpochMilli())), alongside)
                ? Optional.of(new Order(seen.orderId(), seen.type(), seen.status(), seen.customerId(), seen.storeId(),
                        seen.driverId(), seen.items(), seen.pickup(), seen.drop(), seen.fare(), seen.createdAt(), now,
                        true, seen.cancelReason()))
                : Optional.empty();
    }

    private boolean transact(String orderId, String update, String condition, Map<String, String> names,
                             Map<String, AttributeValue> values, List<TransactWriteItem> alongside) {
        return commit(orderId, TransactWriteItem.builder().update(u -> u.tableName(table).key(key(orderId))
                .updateExpression(update)
                .conditionExpression(condition)
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)).build(), alongside);
    }

    @Override
    public List<String> activeIds(Owner owner, String ownerId) {
        List<String> ids = new ArrayList<>();
        Map<String, AttributeValue> startKey = null;
        do {
            final Map<String, AttributeValue> from = startKey;
            var page = dynamo.query(b -> b.tableName(table).indexName(index(owner))
                    .keyConditionExpression("#o = :o")
                    .filterExpression("#s <> :delivered AND #s <> :cancelled")
                    .expressionAttributeNames(Map.of("#o", attribute(owner), "#s", STATUS))
                    .expressionAttributeValues(Map.of(":o", s(ownerId),
                            ":delivered", s(OrderStatus.DELIVERED.wireName()),
                            ":cancelled", s(OrderStatus.CANCELLED.wireName())))
                    .scanIndexForward(false)
                    .exclusiveStartKey(from));
            page.items().forEach(item -> ids.add(Dynamo.string(item, ORDER_ID)));
            startKey = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (startKey != null);
        return ids;
    }

    private static Map<String, AttributeValue> key(String orderId) {
        return Map.of(ORDER_ID, s(orderId));
    }

    private Order toOrder(Map<String, AttributeValue> item) {
        AttributeValue escalated = item.get(ESCALATED);
        return new Order(
                Dynamo.string(item, ORDER_ID),
                OrderType.fromWireName(Dynamo.string(item, TYPE)).orElseThrow(),
                OrderStatus.fromWireName(Dynamo.string(item, STATUS)).orElseThrow(),
                Dynamo.string(item, CUSTOMER_ID),
                Dynamo.string(item, STORE_ID),
                Dynamo.string(item, DRIVER_ID),
                read(Dynamo.string(item, ITEMS), JsonNode.class),
                read(Dynamo.string(item, PICKUP), Place.class),
                read(Dynamo.string(item, DROP), Place.class),
                Dynamo.number(item, FARE, 0),
                Instant.ofEpochMilli(Dynamo.number(item, CREATED_AT, 0)),
                Instant.ofEpochMilli(Dynamo.number(item, UPDATED_AT, 0)),
                escalated != null && Boolean.TRUE.equals(escalated.bool()),
                Dynamo.string(item, CANCEL_REASON));
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private <T> T read(String text, Class<T> type) {
        if (text == null) {
            return null;
        }
        try {
            return json.readValue(text, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String index(Owner owner) {
        return switch (owner) {
            case CUSTOMER -> "by_customer";
            case DRIVER -> "by_driver";
            case STORE -> "by_store";
        };
    }

    private static String attribute(Owner owner) {
        return switch (owner) {
            case CUSTOMER -> CUSTOMER_ID;
            case DRIVER -> DRIVER_ID;
            case STORE -> STORE_ID;
        };
    }
}
