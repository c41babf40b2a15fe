package io.ridewire.model.matching;

/** Whose {@code match.accept} confirms a proposal. */
public enum Confirmation {
    /**
     * The driver's alone, as the spec's Complete Ride Flow shows ({@code match.proposal} → driver
     * {@code match.accept} → {@code match.confirmed} to both); a passenger's accept changes nothing.
     */
    DRIVER,
    /** The driver's and the passenger's, in either order. */
    BOTH
}
