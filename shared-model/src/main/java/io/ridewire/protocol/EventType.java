package io.ridewire.protocol;

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
    // keep-alive
    PING("ping", Direction.CLIENT_TO_SERVER),
    PONG("pong", Direction.SERVER_TO_CLIENT),
    // error.*
    ERROR_VALIDATION("error.validation", Direction.SERVER_TO_CLIENT),
    ERROR_RATE_LIMIT("error.rate_limit", Direction.SERVER_TO_CLIENT),
    // notification.* (relayed by the bridge from the platform's notification service)
    NOTIFICATION_MESSAGE("notification.message", Direction.SERVER_TO_CLIENT),
    NOTIFICATION_SYSTEM("notification.system", Direction.SERVER_TO_CLIENT);

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
