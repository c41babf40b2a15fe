package io.ridewire.functions.rides;

import io.ridewire.model.rides.Ride;

import io.ridewire.functions.aws.TableNames;
import io.ridewire.functions.aws.Transactions;
import io.ridewire.functions.matching.MatchStore;
import io.ridewire.model.payments.Payment;
import io.ridewire.functions.payments.PaymentStore;
import io.ridewire.deployment.TableCatalogue;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.ridewire.functions.aws.Dynamo.s;

/** The {@link RideStore} in the rides table: each step one conditional transaction. */
@Singleton
public class DynamoRideStore implements RideStore {
    private final DynamoDbClient dynamo;
    private final PaymentStore payments;
    private final MatchStore matches;
    private final String table;

    public DynamoRideStore(DynamoDbClient dynamo, TableNames tables, PaymentStore payments, MatchStore matches) {
        this.dynamo = dynamo;
        this.payments = payments;
        this.matches = matches;
        this.table = tables.of(TableCatalogue.RIDES);
    }

    @Override
    public Creation create(Ride ride, TransactWriteItem owed) {
        List<TransactWriteItem> items = List.of(
                TransactWriteItem.builder().put(Put.builder().tableName(table).item(RideItems.toItem(ride, null))
                        .conditionExpression("attribute_not_exists(#id)")
                        .expressionAttributeNames(Map.of("#id", RideItems.RIDE_ID))
                        .build()).build(),
                matches.stillConfirmed(ride.matchId()),
                owed);
        return switch (Transactions.write(dynamo, items, 8)) {
            case Transactions.Outcome.Committed committed -> Creation.CREATED;
            case Transactions.Outcome.ConditionFailed failed when failed.failedAt(0) -> Creation.EXISTS;
            case Transactions.Outcome.ConditionFailed failed -> Creation.MATCH_NOT_CONFIRMED;
            case Transactions.Outcome.Conflicted conflicted ->
                    throw new IllegalStateException("ride " + ride.rideId() + " kept conflicting while starting");
        };
    }

    @Override
    public Optional<Ride> find(String rideId) {
        var response = dynamo.getItem(b -> b.tableName(table).key(Map.of(RideItems.RIDE_ID, s(rideId)))
                .consistentRead(true));
        return response.hasItem() && !response.item().isEmpty()
                ? Optional.of(RideItems.fromItem(response.item()))
                : Optional.empty();
    }

    @Override
    public boolean end(Ride ended, RideItems.Trip trip, Payment payment, TransactWriteItem owed) {
        List<TransactWriteItem> items = new ArrayList<>(3);
        items.add(TransactWriteItem.builder().put(Put.builder().tableName(table)
                .item(RideItems.toItem(ended, trip))
                .conditionExpression("#status = :in_progress")
                .expressionAttributeNames(Map.of("#status", RideItems.STATUS))
                .expressionAttributeValues(Map.of(":in_progress", s(Ride.IN_PROGRESS)))
                .build()).build());
        items.add(owed);
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
