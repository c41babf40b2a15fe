package io.ridewire.functions.rides;

import io.ridewire.model.rides.Ride;

import io.ridewire.functions.aws.TableNames;
import io.ridewire.functions.aws.Transactions;
import io.ridewire.functions.matching.MatchStore;
import io.ridewire.model.payments.Payment;
import io.ridewire.functions.payments.PaymentStore;
import io.ridewire.model.tables.TableCatalogue;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.ridewire.functions.aws.Dynamo.s;

/**
 * Rides in the rides table: created once per match (the id is derived from the match, the put conditioned on its
 * absence and on the match still being confirmed), ended once (conditioned on the ride still being in progress, in one transaction with the payment the
 * ending asks for). Nothing is written between start and end.
 */
@Singleton
public class RideStore {
    private final DynamoDbClient dynamo;
    private final PaymentStore payments;
    private final MatchStore matches;
    private final String table;

    public RideStore(DynamoDbClient dynamo, TableNames tables, PaymentStore payments, MatchStore matches) {
        this.dynamo = dynamo;
        this.payments = payments;
        this.matches = matches;
        this.table = tables.of(TableCatalogue.RIDES);
    }

    /** What became of a ride's creation. */
    public enum Creation {
        CREATED,
        /** The match has its ride already. */
        EXISTS,
        /** The match is no longer confirmed: its booking was called off (match.cancel) meanwhile. */
        MATCH_NOT_CONFIRMED
    }

    /**
     * Stores a new ride, in one transaction with a check that its match is still confirmed: a cancellation of the
     * match is conditioned on there being no ride, so of a start and a cancellation racing, exactly one succeeds.
     */
    public Creation create(Ride ride) {
        List<TransactWriteItem> items = List.of(
                TransactWriteItem.builder().put(Put.builder().tableName(table).item(RideItems.toItem(ride, null))
                        .conditionExpression("attribute_not_exists(#id)")
                        .expressionAttributeNames(Map.of("#id", RideItems.RIDE_ID))
                        .build()).build(),
                matches.stillConfirmed(ride.matchId()));
        return switch (Transactions.write(dynamo, items, 8)) {
            case Transactions.Outcome.Committed committed -> Creation.CREATED;
            case Transactions.Outcome.ConditionFailed failed when failed.failedAt(0) -> Creation.EXISTS;
            case Transactions.Outcome.ConditionFailed failed -> Creation.MATCH_NOT_CONFIRMED;
            case Transactions.Outcome.Conflicted conflicted ->
                    throw new IllegalStateException("ride " + ride.rideId() + " kept conflicting while starting");
        };
    }

    public Optional<Ride> find(String rideId) {
        var response = dynamo.getItem(b -> b.tableName(table).key(Map.of(RideItems.RIDE_ID, s(rideId)))
                .consistentRead(true));
        return response.hasItem() && !response.item().isEmpty()
                ? Optional.of(RideItems.fromItem(response.item()))
                : Optional.empty();
    }

    /**
     * Ends a ride (completed or cancelled, with what its odometer recorded) and creates the payment it asks for,
     * atomically; false when the ride is no longer in progress (it ended another way first).
     */
    public boolean end(Ride ended, RideItems.Trip trip, Payment payment) {
        List<TransactWriteItem> items = new ArrayList<>(2);
        items.add(TransactWriteItem.builder().put(Put.builder().tableName(table)
                .item(RideItems.toItem(ended, trip))
                .conditionExpression("#status = :in_progress")
                .expressionAttributeNames(Map.of("#status", RideItems.STATUS))
                .expressionAttributeValues(Map.of(":in_progress", s(Ride.IN_PROGRESS)))
                .build()).build());
        if (payment != null) {
            items.add(payments.create(payment));
        }
        return switch (Transactions.write(dynamo, items, 8)) {
            case Transactions.Outcome.Committed committed -> true;
            case Transactions.Outcome.ConditionFailed failed when failed.failedAt(0) -> false;
            case Transactions.Outcome.ConditionFailed failed ->
                    throw new IllegalStateException("payment " + payment.paymentId() + " exists for a ride in progress");
            case Transactions.Outcome.Conflicted conflicted ->
                    throw new IllegalStateException("ride " + ended.rideId() + " kept conflicting while ending");
        };
    }
}
