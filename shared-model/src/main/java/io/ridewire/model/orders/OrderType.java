package io.ridewire.model.orders;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** What an order is: food delivery from a store (spec 003) or a taxi ride (spec 004). */
public enum OrderType {
    DELIVERY,
    TAXI;

    public static final Set<String> WIRE_NAMES =
            Arrays.stream(values()).map(OrderType::wireName).collect(Collectors.toUnmodifiableSet());

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<OrderType> fromWireName(String name) {
        return Arrays.stream(values()).filter(t -> t.wireName().equals(name)).findFirst();
    }
}
