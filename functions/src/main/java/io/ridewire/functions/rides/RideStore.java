package io.ridewire.functions.rides;

import io.ridewire.model.rides.Ride;
import io.ridewire.model.payments.Payment;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.util.Optional;

/**
 * Rides: created once per match (the id is derived from the match; creation requires its absence and the
 * match still being confirmed), ended once (requires the ride still in progress, together with the payment the
 * ending asks for). Nothing is written between start and end. {@link DynamoRideStore} keeps them in the rides table.
 */
public interface RideStore {
    /** What became of a ride's creation. */
    enum Creation {
        CREATED,
        /** The match has its ride already. */
        EXISTS,
        /** The match is no longer confirmed: its booking was called off (match.cancel) meanwhile. */
        MATCH_NOT_CONFIRMED
    }

    /**
     * Stores a new ride, in one transaction with a check that its match is still confirmed: a cancellation of the
     * match is conditioned on there being no ride, so of a start and a cancellation racing, exactly one succeeds.
     * {@code owed} (the outbox entry of what the start owes) is written with it.
     */
    Creation create(Ride ride, TransactWriteItem owed);

    Optional<Ride> find(String rideId);

    /**
     * Ends a ride (completed or cancelled, with what its odometer recorded) and creates the payment it asks for,
     * atomically with {@code owed} (the outbox entry of what the end owes); false when the ride is no longer in
     * progress (it ended another way first).
     */
    boolean end(Ride ended, RideItems.Trip trip, Payment payment, TransactWriteItem owed);
}
