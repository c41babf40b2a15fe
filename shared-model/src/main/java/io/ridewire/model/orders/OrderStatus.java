package io.ridewire.model.orders;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The statuses of an order. Delivery orders go placed → accepted_by_merchant → preparing → ready → picked_up →
 * delivered; taxi orders go placed → accepted (a driver took it) → picked_up → delivered; either may be cancelled
 * before it is picked up (see {@link OrderLifecycle}).
 */
public enum OrderStatus {
    PLACED,
    ACCEPTED_BY_MERCHANT,
    PREPARING,
    READY,
    ACCEPTED,
    PICKED_UP,
    DELIVERED,
    CANCELLED;

    public static final Set<String> WIRE_NAMES =
            Arrays.stream(values()).map(OrderStatus::wireName).collect(Collectors.toUnmodifiableSet());

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Delivered and cancelled orders are no longer active. */
    public boolean isFinal() {
        return this == DELIVERED || this == CANCELLED;
    }

    public static Optional<OrderStatus> fromWireName(String name) {
        return Arrays.stream(values()).filter(s -> s.wireName().equals(name)).findFirst();
    }
}
