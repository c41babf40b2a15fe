package io.ridewire.functions.matching;

import java.time.Instant;

/** What became of a conditional write of a match and its booking locks. */
sealed interface StoreWrite {

    /** Written. */
    record Saved() implements StoreWrite {
    }

    /** The match changed since it was read (another event won): read again and decide again. */
    record Stale() implements StoreWrite {
    }

    /** The driver's booking lock is held by another match, as of the lock item shown. */
    record DriverTaken(String driverId, String holder, String state, Instant until) implements StoreWrite {
    }

    /** The passenger's booking lock is held by another match. */
    record PassengerTaken(String passengerId, String holder) implements StoreWrite {
    }

    /**
     * An inbox whose event was written in the same transaction took another event first (its seq moved): nothing
     * was written; read the seq again and write again.
     */
    record InboxMoved() implements StoreWrite {
    }

    /** The match has a ride: its booking can no longer be called off in matching. */
    record RideStarted() implements StoreWrite {
    }
}
