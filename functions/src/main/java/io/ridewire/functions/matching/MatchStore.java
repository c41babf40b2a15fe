package io.ridewire.functions.matching;

import io.ridewire.model.matching.Match;
import io.ridewire.functions.matching.MatchItems.Traced;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Matches and the booking locks that hold their passenger and driver: a match is written whole, conditioned on the
 * version it was read at, and a lock names the one match holding a person, taken in the same write as the match
 * that needs it. A lock whose {@code until} has passed is free, so a lock left by a crashed process cannot hold
 * anyone for ever. {@link DynamoMatchStore} keeps them in the matches table.
 */
public interface MatchStore {
    /** A booking lock to take: who, in which state, until when; a null state only checks that it is free. */
    record Lock(String key, String state, Instant until) {
        static Lock checkFree(String key) {
            return new Lock(key, null, null);
        }
    }

    Optional<Traced> find(String matchId);

    /**
     * Writes a new match with the locks it takes (the passenger's, the first proposed driver's) and, in the same
     * transaction, any other writes that must stand or fall with it (its timers, the proposal's inbox events).
     */
    StoreWrite create(Match match, String traceId, String correlationId, List<Lock> locks,
                      List<TransactWriteItem> alongside, Instant now);

    /**
     * Writes a match that changed from {@code before}: conditioned on {@code before}'s version, with locks to take
     * (a newly proposed driver) and locks to convert (a confirmation turns the driver's and passenger's locks into
     * bookings, conditioned on this match holding them). With {@code noRide}, also conditioned on the match having
     * no ride: a booking is called off only before its ride starts ({@link #stillConfirmed} is the other half).
     * The timers the change sets or ends ({@code timers}: unconditional deadline writes) go in the same transaction.
     */
    StoreWrite save(Match before, Match after, String traceId, String correlationId, List<Lock> take,
                    List<Lock> convert, boolean noRide, Instant now, List<TransactWriteItem> timers);

    /**
     * For the rides capability's transaction that creates a match's ride: the match must still be confirmed. With
     * the condition {@link #save} puts on a cancellation (no ride yet), a ride's start and the booking's
     * cancellation cannot both succeed.
     */
    TransactWriteItem stillConfirmed(String matchId);

    /** Lets go of a lock this match holds (ignored when another match holds it by now). */
    void release(String lockKey, String matchId);
}
