package io.ridewire.model.payments;

import java.util.Arrays;
import java.util.Optional;

/**
 * Where a payment stands: requested, being processed by one attempt (which holds a lease), paid (final), or failed
 * (the last attempt failed; the passenger may try again).
 */
public enum PaymentStatus {
    PENDING("pending"),
    PROCESSING("processing"),
    PAID("paid"),
    FAILED("failed");

    private final String wireName;

    PaymentStatus(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<PaymentStatus> fromWireName(String name) {
        return Arrays.stream(values()).filter(s -> s.wireName.equals(name)).findFirst();
    }
}
