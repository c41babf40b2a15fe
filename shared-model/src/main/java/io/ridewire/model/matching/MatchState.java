package io.ridewire.model.matching;

import java.time.Instant;

/** Where a match stands. A closed set: every {@code switch} over it names each state. */
public sealed interface MatchState {

    /** The wire and table name of the state. */
    String name();

    /** Between proposals: the next candidate is being looked for. */
    record Searching() implements MatchState {
        public String name() {
            return "searching";
        }
    }

    /** A driver has been proposed and has until {@code expiresAt} to accept (and the passenger too, under rule BOTH). */
    record Proposed(DriverOffer driver, Instant expiresAt, boolean driverAccepted, boolean passengerAccepted)
            implements MatchState {
        public String name() {
            return "proposed";
        }

        public boolean accepted(Party party) {
            return party == Party.DRIVER ? driverAccepted : passengerAccepted;
        }
    }

    /**
     * Accepted (by the driver, or by both under rule BOTH): the driver is booked for this passenger. Only a party's {@code match.cancel} before the
     * ride starts moves it on (to cancelled); otherwise it is final for matching.
     */
    record Confirmed(DriverOffer driver, Instant confirmedAt) implements MatchState {
        public String name() {
            return "confirmed";
        }
    }

    /** The search ended without a booking, or a party called the booking off. Final. */
    record Cancelled(String cancelledBy, String reason, String message, Instant cancelledAt) implements MatchState {
        public String name() {
            return "cancelled";
        }
    }

    default boolean isFinal() {
        return this instanceof Confirmed || this instanceof Cancelled;
    }
}
