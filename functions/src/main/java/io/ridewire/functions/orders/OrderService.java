package io.ridewire.functions.orders;

import io.ridewire.functions.drivers.DriverPosition;
import io.ridewire.functions.drivers.DriverIndex;
import io.ridewire.model.orders.Fares;
import io.ridewire.model.orders.OrderLifecycle;
import io.ridewire.model.orders.OrderStatus;
import io.ridewire.model.orders.OrderType;
import io.ridewire.model.orders.Party;

import io.ridewire.functions.presence.Presence;
import io.ridewire.functions.deadlines.Deadline;
import io.ridewire.functions.deadlines.Deadlines;
import io.ridewire.functions.deadlines.Outbox;
import io.ridewire.model.identity.Caller;
import io.ridewire.model.identity.Role;
import io.ridewire.model.orders.OrderLifecycle.Verdict;
import io.ridewire.model.orders.payload.DriverDetails;
import io.ridewire.model.protocol.ErrorCode;
import io.ridewire.model.protocol.InvalidMessage;
import io.ridewire.model.inbound.PlaceOrder;
import io.ridewire.model.rooms.RoomNames;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The order flows: placing, the merchant's window, offering to drivers nearby, the accept lock, acceptance and
 * status transitions. Every state change is a conditional write in {@link OrderStore}; the notifications
 * follow from the write that won.
 */
@Singleton
public class OrderService {
    private static final Logger LOG = LoggerFactory.getLogger(OrderService.class);
    /** Deadline kind of the merchant's acceptance window. */
    public static final String MERCHANT_TIMEOUT = "orders.merchant_timeout";
    /** Outbox kind: a placed order still to be announced (to the merchant, or to drivers nearby). */
    public static final String PLACED_FOLLOW_UP = "orders.placed";
    /** Outbox kind: what a transition still owes (notifications, offers, releasing the driver). */
    public static final String TRANSITION_FOLLOW_UP = "orders.transitioned";
    /** A viewer-count leader broadcasts at most this many windows in a row before handing the lead on. */
    private static final int MAX_BROADCAST_ROUNDS = 20;

    private final OrderStore orders;
    private final OrderEvents events;
    private final OrderLocks locks;
    private final OrderAudience audience;
    private final DriverIndex drivers;
    private final Presence presence;
    private final Deadlines deadlines;
    private final Outbox outbox;
    private final OrderSettings settings;
    private final Clock clock;

    public OrderService(OrderStore orders, OrderEvents events, OrderLocks locks, OrderAudience audience,
                        DriverIndex drivers,
                        Presence presence, Deadlines deadlines, Outbox outbox, OrderSettings settings, Clock clock) {
        this.orders = orders;
        this.events = events;
        this.locks = locks;
        this.audience = audience;
        this.drivers = drivers;
        this.presence = presence;
        this.deadlines = deadlines;
        this.outbox = outbox;
        this.settings = settings;
        this.clock = clock;
    }

    /** A placed order, and whether this call created it (false: an idempotent retry). */
    public record Placed(Order order, boolean created) {
    }

    /**
     * Places an order for a customer. With an idempotency key the order id is derived from it, so a retried
     * request returns the order it created instead of placing a second one. The order, its merchant window and its
     * announcement (an outbox entry) are one transaction: a client that got an error and retries finds either no
     * order or one that is fully scheduled.
     */
    public Placed place(Caller customer, PlaceOrder request, String idempotencyKey) {
        String orderId = idempotencyKey == null ? "ord-" + UUID.randomUUID()
                : "ord-" + UUID.nameUUIDFromBytes((customer.userId() + "\n" + idempotencyKey).getBytes(StandardCharsets.UTF_8));
        Instant now = clock.instant();
        long fare = Fares.fare(request.pickup(), request.drop(), settings.getFarePerKm(), settings.getMinimumFare());
        Order order = new Order(orderId, request.type(), OrderStatus.PLACED, customer.userId(),
                request.type() == OrderType.DELIVERY ? request.storeId() : null, null, request.items(),
                request.pickup(), request.drop(), fare, now, now, false, null);
        Deadline announce = outbox.entry("order-placed:" + orderId, PLACED_FOLLOW_UP, orderId);
        List<TransactWriteItem> alongside = new ArrayList<>(List.of(deadlines.put(announce)));
        if (order.type() == OrderType.DELIVERY) {
            alongside.add(deadlines.put(new Deadline(merchantTimeoutId(orderId), MERCHANT_TIMEOUT,
                    now.plus(settings.getMerchantTimeout()), orderId)));
        }
        if (!unlessContended("order_id", () -> orders.create(order, alongside))) {
            Order existing = orders.find(orderId).orElseThrow(() -> new InvalidMessage("Idempotency-Key",
                    ErrorCode.CONFLICT, "another request with this idempotency key is placing it; try again"));
            if (!existing.customerId().equals(customer.userId())) {
                throw new InvalidMessage("Idempotency-Key", ErrorCode.CONFLICT, "idempotency key already used");
            }
            if (!existing.placedBy(request)) {
                // a key reused for another order would otherwise answer with the first one, as if placed
                throw new InvalidMessage("Idempotency-Key", ErrorCode.CONFLICT,
                        "idempotency key already used for a different order (" + existing.orderId() + ")");
            }
            return new Placed(existing, false);
        }
        outbox.runNow(announce, () -> announce(order));
        return new Placed(order, true);
    }

    /** What placing owes: the customer in the order's room, then the merchant's new order or the drivers' offer. */
    private void announce(Order order) {
        joinRoom(order.customerId(), order.orderId());
        switch (order.type()) {
            case DELIVERY -> events.merchantNewOrder(order);
            case TAXI -> offerToNearbyDrivers(order);
        }
    }

    /** The outbox entry of a placed order, run by the poller when the placing request could not finish it. */
    void placedFollowUp(String orderId) {
        orders.find(orderId).filter(order -> order.status() == OrderStatus.PLACED).ifPresent(this::announce);
    }

    static String merchantTimeoutId(String orderId) {
        return "order-merchant-timeout:" + orderId;
    }

    public Order get(String orderId) {
        return orders.find(orderId).orElseThrow(() ->
                new InvalidMessage("order_id", ErrorCode.NOT_FOUND, "no order " + orderId));
    }

    /** Moves an order to {@code to} if the caller may and the lifecycle allows it. */
    public Order changeStatus(Caller caller, String orderId, OrderStatus to, String reason) {
        Order order = get(orderId);
        Party party = order.partyOf(caller);
        if (order.status() == to && OrderLifecycle.mayMoveTo(order.type(), to, party)) {
            return order; // already there (a repeat whose answer was lost, or another party's same move): it holds
        }
        switch (OrderLifecycle.check(order.type(), order.status(), to, party)) {
            case FORBIDDEN -> throw InvalidMessage.forbidden("status", party == Party.OUTSIDER
                    ? "not your order" : "you may not move this order to " + to.wireName());
            case ILLEGAL -> throw new InvalidMessage("status", ErrorCode.CONFLICT,
                    "an order that is " + order.status().wireName() + " cannot become " + to.wireName());
            case ALLOWED -> {
            }
        }
        String cancelReason = to == OrderStatus.CANCELLED
                ? (reason != null ? reason : "cancelled_by_" + party.name().toLowerCase(java.util.Locale.ROOT)) : null;
        return unlessContended("status",
                () -> transition(order, to, party == Party.DRIVER ? caller.userId() : null, cancelReason, Cause.CHANGE))
                .orElseThrow(() -> new InvalidMessage("status", ErrorCode.CONFLICT,
                        "the order changed meanwhile; fetch it and try again"));
    }

    /** A request's write that kept conflicting: the caller is told to try again, not that it lost. */
    private static <T> T unlessContended(String field, Supplier<T> write) {
        try {
            return write.get();
        } catch (OrderContended contended) {
            throw new InvalidMessage(field, ErrorCode.CONFLICT, "the order changed meanwhile; fetch it and try again");
        }
    }

    /** Why an order moved, which decides what the move owes. */
    enum Cause {
        CHANGE,
        MERCHANT_TIMEOUT,
        ESCALATED,
        ACCEPTED
    }

    /**
     * Moves an order with its follow-up in one transaction (and, when the merchant answered, without its window),
     * then carries the follow-up out at once; whatever fails of it the poller finishes.
     */
    private Optional<Order> transition(Order seen, OrderStatus to, String driverId, String reason, Cause cause) {
        Deadline followUp = followUpEntry(seen, to, cause);
        List<TransactWriteItem> alongside = new ArrayList<>(List.of(deadlines.put(followUp)));
        if (seen.status() == OrderStatus.PLACED && seen.type() == OrderType.DELIVERY && cause != Cause.ESCALATED) {
            alongside.add(deadlines.delete(merchantTimeoutId(seen.orderId())));
        }
        Optional<Order> moved = cause == Cause.ESCALATED ? orders.escalate(seen, alongside)
                : orders.transition(seen, to, driverId, reason, alongside);
        moved.ifPresent(order -> outbox.runNow(followUp, () -> followUp(seen.status(), order, cause)));
        return moved;
    }

    /** The outbox entry of a move from {@code seen} to {@code to}: one per change, as each move is made once. */
    private Deadline followUpEntry(Order seen, OrderStatus to, Cause cause) {
        return outbox.entry("order-moved:" + seen.orderId() + ":" + seen.status().wireName() + ":"
                + to.wireName() + ":" + cause.name().toLowerCase(java.util.Locale.ROOT), TRANSITION_FOLLOW_UP,
                String.join("|", seen.orderId(), seen.status().wireName(), to.wireName(), cause.name()));
    }

    /** The outbox entry of a transition ({@code orderId|from|to|cause}), run by the poller. */
    void transitionFollowUp(String payload) {
        String[] parts = payload.split("\\|");
        OrderStatus from = OrderStatus.fromWireName(parts[1]).orElseThrow();
        OrderStatus to = OrderStatus.fromWireName(parts[2]).orElseThrow();
        Cause cause = Cause.valueOf(parts[3]);
        orders.find(parts[0]).ifPresent(now -> followUp(from, now.status() == to ? now
                // moved on since: what this transition owes is still told as it was
                : new Order(now.orderId(), now.type(), to, now.customerId(), now.storeId(), now.driverId(), now.items(),
                        now.pickup(), now.drop(), now.fare(), now.createdAt(), now.updatedAt(), now.escalated(),
                        now.cancelReason()), cause));
    }

    private void followUp(OrderStatus from, Order order, Cause cause) {
        switch (cause) {
            case CHANGE -> afterTransition(from, order);
            case MERCHANT_TIMEOUT -> {
                events.settleNewOrder(order);
                events.statusChanged(order);
                events.merchantTimedOut(order, "cancelled");
                audience.settled(order.orderId());
            }
            case ESCALATED -> events.merchantTimedOut(order, "escalated");
            case ACCEPTED -> afterAccept(from, order);
        }
    }

    private void afterTransition(OrderStatus from, Order order) {
        if (from == OrderStatus.PLACED && order.type() == OrderType.DELIVERY) {
            // the merchant answered (accepted or cancelled): the re-sends are over (the window went with the move)
            events.settleNewOrder(order);
        }
        events.statusChanged(order);
        if (order.status() == OrderStatus.READY && order.driverId() == null) {
            offerToNearbyDrivers(order);
        }
        if (order.status().isFinal()) {
            if (order.driverId() != null) {
                drivers.released(order.driverId(), order.orderId());
            }
            if (order.status() == OrderStatus.CANCELLED) {
                events.cancelled(order, audience.everyone(order.orderId()));
            }
            audience.settled(order.orderId());
        }
    }

    private void offerToNearbyDrivers(Order order) {
        List<String> found = drivers.nearestForOrders(order.pickup().lat(), order.pickup().lng(), settings.getBroadcastRadiusKm(),
                settings.getBroadcastLimit(), settings.getDriverFreshness()).stream().map(DriverIndex.Nearby::driverId).toList();
        audience.shown(order.orderId(), found);
        events.offer(order, found);
    }

    /** The outcome of {@code request_lock}. */
    public record LockOutcome(boolean acquired, String message) {
    }

    /** Takes (or renews) the order's accept lock for a driver. */
    public LockOutcome requestLock(Caller driver, String orderId) {
        Order order = get(orderId);
        if (order.driverId() != null || !OrderLifecycle.isAcceptable(order.type(), order.status())) {
            return new LockOutcome(false, "Order is no longer available");
        }
        return locks.acquire(orderId, driver.userId(), settings.getLockTtl())
                ? new LockOutcome(true, "Lock acquired: accept within " + settings.getLockTtl().toSeconds() + " seconds")
                : new LockOutcome(false, "Another driver is accepting this order");
    }

    /**
     * A driver accepts an order; it must hold the order's lock, and of concurrent accepts exactly one wins. The
     * assignment and what it owes (the lock's release, the pool, the room, {@code order_accepted}, the status
     * update) are committed together through the outbox, so a crash or an outage after the write neither loses
     * nor repeats them.
     */
    public Order accept(Caller driver, String orderId) {
        Order order = get(orderId);
        if (driver.userId().equals(order.driverId()) && !order.status().isFinal()) {
            return order; // this driver's accept again, its answer lost: it won, and what it owes is in the outbox
        }
        if (order.driverId() != null || !OrderLifecycle.isAcceptable(order.type(), order.status())) {
            throw new InvalidMessage("order_id", ErrorCode.CONFLICT, "order is no longer available");
        }
        if (!locks.holder(orderId).map(driver.userId()::equals).orElse(false)) {
            throw new InvalidMessage("lock", ErrorCode.CONFLICT, "request_lock first: accepting needs the order's lock");
        }
        OrderStatus next = OrderLifecycle.afterAccept(order.type(), order.status());
        Deadline followUp = followUpEntry(order, next, Cause.ACCEPTED);
        Order accepted = unlessContended("order_id",
                () -> orders.assign(order, next, driver.userId(), List.of(deadlines.put(followUp))))
                .orElseThrow(() -> new InvalidMessage("order_id", ErrorCode.CONFLICT, "order is no longer available"));
        outbox.runNow(followUp, () -> followUp(order.status(), accepted, Cause.ACCEPTED));
        return accepted;
    }

    /** What an accept owes, in an order that makes a repeat harmless: every event has a stable id. */
    private void afterAccept(OrderStatus from, Order accepted) {
        String driverId = accepted.driverId();
        locks.release(accepted.orderId(), driverId);
        drivers.assigned(driverId, accepted.orderId(), settings.getRetention());
        if (orders.find(accepted.orderId()).map(now -> now.status().isFinal()).orElse(true)) {
            // ended since the accept, and its release may have run before this assignment: undo it
            drivers.released(driverId, accepted.orderId());
        }
        joinRoom(driverId, accepted.orderId());
        Optional<DriverPosition> position = drivers.lastPosition(driverId);
        events.accepted(accepted, new DriverDetails(driverId, position.map(DriverPosition::lat).orElse(null),
                position.map(DriverPosition::lng).orElse(null), position.map(DriverPosition::heading).orElse(null)),
                audience.everyone(accepted.orderId()));
        if (accepted.status() != from) {
            events.statusChanged(accepted);
        }
        audience.settled(accepted.orderId());
    }

    /** Fired when the merchant's window passes: cancels or escalates the order if it is still only placed. */
    public void merchantTimedOut(String orderId) {
        Optional<Order> found = orders.find(orderId);
        if (found.isEmpty() || found.get().status() != OrderStatus.PLACED) {
            return;
        }
        if ("escalate".equalsIgnoreCase(settings.getMerchantTimeoutAction())) {
            if (!found.get().escalated()) {
                transition(found.get(), OrderStatus.PLACED, null, null, Cause.ESCALATED);
            }
            return;
        }
        transition(found.get(), OrderStatus.CANCELLED, null, "merchant_timeout", Cause.MERCHANT_TIMEOUT);
    }

    /** The caller's orders that are not over: a customer's, a driver's, or a merchant's store's. */
    public List<OrderView> active(Caller caller) {
        List<String> ids = switch (caller.role()) {
            case CUSTOMER, PASSENGER -> orders.activeIds(OrderStore.Owner.CUSTOMER, caller.userId());
            case DRIVER -> orders.activeIds(OrderStore.Owner.DRIVER, caller.userId());
            case MERCHANT -> caller.storeId() == null ? List.of()
                    : orders.activeIds(OrderStore.Owner.STORE, caller.storeId());
            case ADMIN, SUPPORT -> List.of();
        };
        return ids.stream().map(orders::find).flatMap(Optional::stream)
                .filter(order -> !order.status().isFinal())
                .map(order -> OrderView.of(order,
                        order.driverId() == null ? null : drivers.lastPosition(order.driverId()).orElse(null)))
                .toList();
    }

    /** Puts a connection in an order's room if its caller belongs there: the customer, the driver, or staff. */
    public String join(Caller caller, String connectionId, String orderId) {
        Order order = get(orderId);
        Party party = order.partyOf(caller);
        if (party != Party.CUSTOMER && party != Party.DRIVER && party != Party.STAFF) {
            throw InvalidMessage.forbidden("order_id", "only the order's customer, driver and support may join its room");
        }
        String room = RoomNames.order(orderId);
        presence.add(connectionId, caller.userId(), room);
        return room;
    }

    private void joinRoom(String userId, String orderId) {
        for (String connectionId : presence.connectionsOf(userId)) {
            try {
                presence.add(connectionId, userId, RoomNames.order(orderId));
            } catch (RuntimeException e) {
                LOG.warn("could not put connection {} in order room {}: {}", connectionId, orderId, e.toString());
            }
        }
    }

    /** A driver's position: cached, and forwarded to the rooms of its active orders. */
    public void driverMoved(Caller driver, String connectionId, DriverPosition position) {
        List<String> active = drivers.update(driver.userId(), connectionId, position);
        events.driverLocation(active, position.lat(), position.lng());
    }

    /**
     * A driver views (or stops viewing) an order: {@code answer} gets the new count at once, then the order's other
     * viewers and its customer are told (coalesced; this may take a few windows when the order is busy).
     */
    public long viewing(Caller driver, String connectionId, String orderId, boolean viewing,
                        java.util.function.LongConsumer answer) {
        Order order = get(orderId);
        long count = viewing ? audience.view(orderId, driver.userId(), connectionId)
                : audience.stopViewing(orderId, driver.userId(), connectionId);
        answer.accept(count);
        broadcastViewerCount(order, connectionId);
        return count;
    }

    /**
     * Tells the order's viewers and customer how many view it. Bursts are coalesced (see
     * {@link OrderSettings#getViewerCountWindow()}): with N drivers opening an order at once, telling each of
     * them every change would cost N² pushes.
     */
    private void broadcastViewerCount(Order order, String sender) {
        Duration window = settings.getViewerCountWindow();
        if (window.isZero() || window.isNegative()) {
            List<String> viewers = audience.viewers(order.orderId());
            events.viewerCount(order, viewers.size(), viewers, sender);
            return;
        }
        if (!audience.leadBroadcast(order.orderId(), window)) {
            return;
        }
        String except = sender;
        for (int round = 0; round < MAX_BROADCAST_ROUNDS; round++) {
            List<String> viewers = audience.viewers(order.orderId());
            events.viewerCount(order, viewers.size(), viewers, except);
            // the sender already has this count as its reply; later rounds tell everyone
            except = null;
            try {
                Thread.sleep(window);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                audience.endBroadcast(order.orderId());
                return;
            }
            if (!audience.broadcastAgain(order.orderId(), window)) {
                return;
            }
        }
        audience.endBroadcast(order.orderId());
    }

    /** A driver's connection closed: it stops viewing orders, and leaves the available pool. */
    public void driverDisconnected(String driverId, String connectionId) {
        drivers.disconnected(driverId, connectionId);
        for (String orderId : audience.connectionClosed(connectionId, driverId)) {
            orders.find(orderId).ifPresent(order -> broadcastViewerCount(order, null));
        }
    }

    static boolean isDriver(Caller caller) {
        return caller.role() == Role.DRIVER;
    }
}
