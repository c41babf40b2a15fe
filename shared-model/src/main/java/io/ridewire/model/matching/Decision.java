package io.ridewire.model.matching;

import java.util.Optional;

/** What {@link MatchMachine} decides for an event: refuse it, ignore it, or change the match. */
public sealed interface Decision {

    /**
     * The event is not allowed: answered with {@code error.validation} carrying {@code code} (FORBIDDEN,
     * CONFLICT). Nothing changes.
     */
    record Refused(String code, String message) implements Decision {
    }

    /** Nothing to do (a timer that is no longer relevant, an answer given twice). */
    record Ignored(String why) implements Decision {
    }

    /** The match moves from {@code before} to {@code after} (version + 1). */
    record Changed(Match before, Match after) implements Decision {

        /**
         * The driver the change lets go of: proposed or booked before, and neither still proposed nor booked after
         * (a booking ends in matching only by {@code match.cancel}).
         */
        public Optional<String> releasedDriver() {
            Optional<String> before = this.before.driver().map(DriverOffer::driverId);
            Optional<String> after = this.after.driver().map(DriverOffer::driverId);
            return before.filter(id -> after.map(a -> !a.equals(id)).orElse(true));
        }
    }
}
