package io.ridewire.model.identity;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The roles a token may carry (claim {@code role}). */
public enum Role {
    DRIVER,
    PASSENGER,
    CUSTOMER,
    MERCHANT,
    ADMIN,
    SUPPORT;

    /** The claim value and room prefix: {@code driver}, {@code passenger} … */
    public String claim() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> fromClaim(String claim) {
        if (claim == null) {
            return Optional.empty();
        }
        return Arrays.stream(values()).filter(r -> r.claim().equals(claim)).findFirst();
    }
}
