package io.ridewire.model.orders;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import static io.ridewire.model.orders.OrderStatus.ACCEPTED;
import static io.ridewire.model.orders.OrderStatus.ACCEPTED_BY_MERCHANT;
import static io.ridewire.model.orders.OrderStatus.CANCELLED;
import static io.ridewire.model.orders.OrderStatus.DELIVERED;
import static io.ridewire.model.orders.OrderStatus.PICKED_UP;
import static io.ridewire.model.orders.OrderStatus.PLACED;
import static io.ridewire.model.orders.OrderStatus.PREPARING;
import static io.ridewire.model.orders.OrderStatus.READY;

/** The order state machine: which transitions exist, and who may make each. Pure, no I/O. */
public final class OrderLifecycle {
    private static final Map<OrderStatus, Set<OrderStatus>> DELIVERY = Map.of(
            PLACED, EnumSet.of(ACCEPTED_BY_MERCHANT, CANCELLED),
            ACCEPTED_BY_MERCHANT, EnumSet.of(PREPARING, CANCELLED),
            PREPARING, EnumSet.of(READY, CANCELLED),
            READY, EnumSet.of(PICKED_UP, CANCELLED),
            PICKED_UP, EnumSet.of(DELIVERED));
    private static final Map<OrderStatus, Set<OrderStatus>> TAXI = Map.of(
            PLACED, EnumSet.of(ACCEPTED, CANCELLED),
            ACCEPTED, EnumSet.of(PICKED_UP, CANCELLED),
            PICKED_UP, EnumSet.of(DELIVERED));

    /** Statuses in which a driver may take the order (after holding its lock). */
    private static final Map<OrderType, Set<OrderStatus>> ACCEPTABLE = Map.of(
            OrderType.DELIVERY, EnumSet.of(ACCEPTED_BY_MERCHANT, PREPARING, READY),
            OrderType.TAXI, EnumSet.of(PLACED));

    private OrderLifecycle() {
    }

    /** What a requested transition comes to. */
    public enum Verdict {
        ALLOWED,
        /** The transition does not exist from the current status (409). */
        ILLEGAL,
        /** It exists, but this party may not make it (403). */
        FORBIDDEN
    }

    public static boolean isLegal(OrderType type, OrderStatus from, OrderStatus to) {
        return (type == OrderType.DELIVERY ? DELIVERY : TAXI).getOrDefault(from, Set.of()).contains(to);
    }

    /** Whether {@code party} may move an order of this type from {@code from} to {@code to} by a status update. */
    public static Verdict check(OrderType type, OrderStatus from, OrderStatus to, Party party) {
        if (party == Party.OUTSIDER) {
            return Verdict.FORBIDDEN;
        }
        if (!isLegal(type, from, to)) {
            return Verdict.ILLEGAL;
        }
        boolean allowed = switch (to) {
            case ACCEPTED_BY_MERCHANT, PREPARING, READY -> party == Party.MERCHANT;
            // a driver takes an order through accept (with its lock), never through a status update
            case ACCEPTED, PLACED -> false;
            case PICKED_UP, DELIVERED -> party == Party.DRIVER;
            case CANCELLED -> switch (party) {
                case STAFF -> true;
                case MERCHANT -> type == OrderType.DELIVERY;
                case CUSTOMER -> from == PLACED || (type == OrderType.TAXI && from == ACCEPTED);
                case DRIVER, OUTSIDER -> false;
            };
        };
        return allowed ? Verdict.ALLOWED : Verdict.FORBIDDEN;
    }

    /** Whether {@code party} may move an order of this type into {@code to} by a status update from any status. */
    public static boolean mayMoveTo(OrderType type, OrderStatus to, Party party) {
        return Arrays.stream(OrderStatus.values()).anyMatch(from -> check(type, from, to, party) == Verdict.ALLOWED);
    }

    /** Whether a driver may accept an order in this status. */
    public static boolean isAcceptable(OrderType type, OrderStatus status) {
        return ACCEPTABLE.get(type).contains(status);
    }

    /** The status an order takes when a driver accepts it: taxis become accepted, deliveries keep their status. */
    public static OrderStatus afterAccept(OrderType type, OrderStatus current) {
        return type == OrderType.TAXI ? ACCEPTED : current;
    }
}
