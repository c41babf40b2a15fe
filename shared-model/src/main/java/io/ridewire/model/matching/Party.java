package io.ridewire.model.matching;

import io.ridewire.model.identity.Role;

import java.util.Optional;

/** The two sides of a match; their wire names are the spec's {@code user_type} values. */
public enum Party {
    DRIVER("driver"),
    PASSENGER("passenger");

    private final String userType;

    Party(String userType) {
        this.userType = userType;
    }

    public String userType() {
        return userType;
    }

    /** The party a role acts as, if any: only drivers and passengers take part in matches. */
    public static Optional<Party> of(Role role) {
        return switch (role) {
            case DRIVER -> Optional.of(DRIVER);
            case PASSENGER -> Optional.of(PASSENGER);
            case CUSTOMER, MERCHANT, ADMIN, SUPPORT -> Optional.empty();
        };
    }
}
