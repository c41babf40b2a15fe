package io.ridewire.functions.orders;

import io.ridewire.model.orders.OrderStatus;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.util.List;
import java.util.Optional;

/**
 * Orders. Every change is conditional on the status the caller saw (and, for accepting, on no driver being
 * assigned yet), so of concurrent attempts exactly one wins and the others learn they lost. A write that kept
 * conflicting with others on the order writes nothing and throws {@link OrderContended}. {@link DynamoOrderStore}
 * keeps them in DynamoDB.
 */
public interface OrderStore {
    /**
     * Stores a new order with the writes that must come with it (its deadlines, its outbox entry), all or none;
     * false when an order with this id exists (a retried create), and then none of {@code alongside} is written.
     */
    boolean create(Order order, List<TransactWriteItem> alongside);

    Optional<Order> find(String orderId);

    /**
     * Assigns a driver if the order is still in {@code seen}'s status with nobody assigned, moving it to {@code next},
     * together with {@code alongside} (its outbox entry), all or none; empty when someone was first. Returns the
     * order as the write left it.
     */
    Optional<Order> assign(Order seen, OrderStatus next, String driverId, List<TransactWriteItem> alongside);

    /**
     * Moves the order {@code seen} to {@code to} together with {@code alongside} (its outbox entry), all or none;
     * empty when its status or driver was no longer {@code seen}'s (or, with {@code driverId}, it is not that
     * driver's order). Returns the order as the write left it.
     */
    Optional<Order> transition(Order seen, OrderStatus to, String driverId, String reason,
                                      List<TransactWriteItem> alongside);

    /** Flags a still-placed order as escalated, once, together with {@code alongside}; empty when it was not. */
    Optional<Order> escalate(Order seen, List<TransactWriteItem> alongside);

    /** Which index lists whose orders. */
    enum Owner {
        CUSTOMER, DRIVER, STORE
    }

    /** Ids of the owner's orders that are not delivered or cancelled, newest first. */
    List<String> activeIds(Owner owner, String ownerId);
}
