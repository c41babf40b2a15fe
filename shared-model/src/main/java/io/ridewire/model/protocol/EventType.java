package io.ridewire.model.protocol;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The event catalogue: every event name on the wire, with its direction and whether the client must
 * acknowledge it. Names are the specifications' own (see ARCHITECTURE.md).
 */
public enum EventType {
    // connection.*
    CONNECTION_ESTABLISHED("connection.established", Direction.SERVER_TO_CLIENT),
    CONNECTION_ERROR("connection.error", Direction.SERVER_TO_CLIENT),
    // auth.*: a session lives as long as its token; a new token extends it
    AUTH_REFRESH("auth.refresh", Direction.CLIENT_TO_SERVER),
    AUTH_REFRESHED("auth.refreshed", Direction.SERVER_TO_CLIENT),
    AUTH_EXPIRING("auth.expiring", Direction.SERVER_TO_CLIENT),
    // keep-alive
    PING("ping", Direction.CLIENT_TO_SERVER),
    PONG("pong", Direction.SERVER_TO_CLIENT),
    // error.*
    ERROR_VALIDATION("error.validation", Direction.SERVER_TO_CLIENT),
    ERROR_RATE_LIMIT("error.rate_limit", Direction.SERVER_TO_CLIENT),
    // notification.* (relayed by the bridge from the platform's notification service)
    NOTIFICATION_MESSAGE("notification.message", Direction.SERVER_TO_CLIENT),
    NOTIFICATION_SYSTEM("notification.system", Direction.SERVER_TO_CLIENT),
    // durable delivery: acknowledgements and reconnection sync
    ACK("ack", Direction.CLIENT_TO_SERVER),
    SYNC("sync", Direction.CLIENT_TO_SERVER),
    SYNC_COMPLETED("sync.completed", Direction.SERVER_TO_CLIENT),
    // food delivery (spec 003)
    DRIVER_LOCATION_UPDATE("driver:location_update", Direction.CLIENT_TO_SERVER),
    ORDER_DRIVER_LOCATION("order:driver_location", Direction.SERVER_TO_CLIENT),
    ORDER_STATUS_UPDATE("order:status_update", Direction.SERVER_TO_CLIENT),
    MERCHANT_NEW_ORDER("merchant:new_order", Direction.SERVER_TO_CLIENT, true),
    DELIVERY_NEW_REQUEST("delivery:new_request", Direction.SERVER_TO_CLIENT),
    ORDER_JOIN("order:join", Direction.CLIENT_TO_SERVER),
    ORDER_JOINED("order:joined", Direction.SERVER_TO_CLIENT),
    ORDER_ESCALATED("order:escalated", Direction.SERVER_TO_CLIENT),
    ADMIN_ALERT("admin:alert", Direction.SERVER_TO_CLIENT),
    // taxi orders (spec 004)
    NEW_ORDER("new_order", Direction.SERVER_TO_CLIENT),
    VIEWING_ORDER("viewing_order", Direction.CLIENT_TO_SERVER),
    STOP_VIEWING_ORDER("stop_viewing_order", Direction.CLIENT_TO_SERVER),
    VIEWER_COUNT("viewer_count", Direction.SERVER_TO_CLIENT),
    REQUEST_LOCK("request_lock", Direction.CLIENT_TO_SERVER),
    LOCK_ACQUIRED("lock_acquired", Direction.SERVER_TO_CLIENT),
    LOCK_FAILED("lock_failed", Direction.SERVER_TO_CLIENT),
    ORDER_ACCEPTED("order_accepted", Direction.SERVER_TO_CLIENT),
    ORDER_CANCELLED("order_cancelled", Direction.SERVER_TO_CLIENT),
    // beacon.*
    BEACON_UPDATE("beacon.update", Direction.CLIENT_TO_SERVER),
    BEACON_STATUS("beacon.status", Direction.SERVER_TO_CLIENT),
    BEACON_NEARBY_DRIVERS("beacon.nearby_drivers", Direction.SERVER_TO_CLIENT),
    // location.*
    LOCATION_UPDATE("location.update", Direction.CLIENT_TO_SERVER),
    LOCATION_TRACKING("location.tracking", Direction.SERVER_TO_CLIENT),
    LOCATION_GEOFENCE("location.geofence", Direction.SERVER_TO_CLIENT),
    // match.*
    MATCH_REQUEST("match.request", Direction.CLIENT_TO_SERVER),
    MATCH_PROPOSAL("match.proposal", Direction.SERVER_TO_CLIENT, true),
    MATCH_ACCEPT("match.accept", Direction.CLIENT_TO_SERVER),
    MATCH_REJECT("match.reject", Direction.CLIENT_TO_SERVER),
    MATCH_CONFIRMED("match.confirmed", Direction.SERVER_TO_CLIENT),
    MATCH_CANCELLED("match.cancelled", Direction.SERVER_TO_CLIENT),
    MATCH_CANCEL("match.cancel", Direction.CLIENT_TO_SERVER),
    // ride.*
    RIDE_START("ride.start", Direction.CLIENT_TO_SERVER),
    RIDE_STARTED("ride.started", Direction.SERVER_TO_CLIENT),
    RIDE_PROGRESS("ride.progress", Direction.SERVER_TO_CLIENT),
    RIDE_ARRIVED("ride.arrived", Direction.CLIENT_TO_SERVER),
    RIDE_COMPLETED("ride.completed", Direction.SERVER_TO_CLIENT),
    RIDE_CANCEL("ride.cancel", Direction.CLIENT_TO_SERVER),
    RIDE_CANCELLED("ride.cancelled", Direction.SERVER_TO_CLIENT),
    // payment.*
    PAYMENT_REQUEST("payment.request", Direction.SERVER_TO_CLIENT, true),
    PAYMENT_METHOD_SELECTED("payment.method_selected", Direction.CLIENT_TO_SERVER),
    PAYMENT_PROCESSING("payment.processing", Direction.SERVER_TO_CLIENT),
    PAYMENT_COMPLETED("payment.completed", Direction.SERVER_TO_CLIENT),
    PAYMENT_FAILED("payment.failed", Direction.SERVER_TO_CLIENT);

    private static final Map<String, EventType> BY_WIRE_NAME =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(EventType::wireName, Function.identity()));

    private final String wireName;
    private final Direction direction;
    private final boolean ackRequired;

    EventType(String wireName, Direction direction) {
        this(wireName, direction, false);
    }

    EventType(String wireName, Direction direction, boolean ackRequired) {
        this.wireName = wireName;
        this.direction = direction;
        this.ackRequired = ackRequired;
    }

    /** The {@code type} field on the wire. */
    public String wireName() {
        return wireName;
    }

    public Direction direction() {
        return direction;
    }

    /** Critical events are re-sent until the client answers with {@code ack}. */
    public boolean ackRequired() {
        return ackRequired;
    }

    public static Optional<EventType> fromWireName(String name) {
        return Optional.ofNullable(BY_WIRE_NAME.get(name));
    }

    @Override
    public String toString() {
        return wireName;
    }
}
