package io.ridewire.functions.payments;

import io.ridewire.model.payments.Payment;
import io.ridewire.model.payments.PaymentFailure;
import io.ridewire.model.payments.PaymentStatus;

import io.ridewire.functions.aws.Dynamo;
import io.ridewire.functions.aws.TableNames;
import io.ridewire.deployment.TableCatalogue;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static io.ridewire.functions.aws.Dynamo.n;
import static io.ridewire.functions.aws.Dynamo.s;

/** The {@link PaymentStore} in the payments table. */
@Singleton
public class DynamoPaymentStore implements PaymentStore {
    private static final Map<String, String> NAMES = Map.of("#status", PaymentItems.STATUS,
            "#tx", PaymentItems.TRANSACTION_ID, "#lease", PaymentItems.LEASE_UNTIL);
    private static final Map<String, String> CHARGE_NAMES = Map.of("#status", PaymentItems.STATUS,
            "#tx", PaymentItems.TRANSACTION_ID, "#lease", PaymentItems.LEASE_UNTIL,
            "#chargeMethod", PaymentItems.CHARGE_METHOD, "#chargeId", PaymentItems.CHARGE_ID);

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoPaymentStore(DynamoDbClient dynamo, TableNames tables) {
        this.dynamo = dynamo;
        this.table = tables.of(TableCatalogue.PAYMENTS);
    }

    @Override
    public String table() {
        return table;
    }

    @Override
    public Optional<Payment> find(String paymentId) {
        var response = dynamo.getItem(b -> b.tableName(table)
                .key(Map.of(PaymentItems.PAYMENT_ID, s(paymentId))).consistentRead(true));
        return response.hasItem() && !response.item().isEmpty()
                ? Optional.of(PaymentItems.fromItem(response.item()))
                : Optional.empty();
    }

    @Override
    public TransactWriteItem create(Payment payment) {
        return TransactWriteItem.builder().put(Put.builder().tableName(table)
                .item(PaymentItems.toItem(payment))
                .conditionExpression("attribute_not_exists(#id)")
                .expressionAttributeNames(Map.of("#id", PaymentItems.PAYMENT_ID))
                .build()).build();
    }

    @Override
    public Optional<Payment> claim(String paymentId, String transactionId, String method, Instant now,
                                   Instant leaseUntil) {
        try {
            var response = dynamo.updateItem(b -> b.tableName(table)
                    .key(Map.of(PaymentItems.PAYMENT_ID, s(paymentId)))
                    .updateExpression("SET #status = :processing, #tx = :tx, #method = :method, #lease = :lease, "
                            + "attempts = attempts + :one REMOVE failure_error, failure_message, failure_retry, failed_at")
                    // an open outside charge may have taken the money: only its method may carry it on
                    .conditionExpression("(#status IN (:pending, :failed) OR (#status = :processing AND "
                            + "#lease < :now)) AND (attribute_not_exists(#chargeMethod) OR #chargeMethod = :method)")
                    .expressionAttributeNames(Map.of("#status", PaymentItems.STATUS, "#tx", PaymentItems.TRANSACTION_ID,
                            "#lease", PaymentItems.LEASE_UNTIL, "#method", "method",
                            "#chargeMethod", PaymentItems.CHARGE_METHOD))
                    .expressionAttributeValues(Map.of(":processing", s(PaymentStatus.PROCESSING.wireName()),
                            ":pending", s(PaymentStatus.PENDING.wireName()), ":failed", s(PaymentStatus.FAILED.wireName()),
                            ":tx", s(transactionId), ":method", s(method), ":lease", n(leaseUntil.toEpochMilli()),
                            ":now", n(now.toEpochMilli()), ":one", n(1)))
                    .returnValues(ReturnValue.ALL_NEW)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            return Optional.of(PaymentItems.fromItem(response.attributes()));
        } catch (ConditionalCheckFailedException taken) {
            // the SDK's retry of this claim, its answer lost, finds the claim itself: it is ours
            return madeBy(taken, transactionId, PaymentStatus.PROCESSING).map(PaymentItems::fromItem);
        }
    }

    @Override
    public Optional<Payment> startCharge(String paymentId, String transactionId) {
        try {
            // the method is the claim's: a claim by another method is refused while this charge is open
            var response = dynamo.updateItem(b -> b.tableName(table)
                    .key(Map.of(PaymentItems.PAYMENT_ID, s(paymentId)))
                    .updateExpression("SET #chargeMethod = #method, #chargeId = if_not_exists(#chargeId, :tx)")
                    .conditionExpression("#status = :processing AND #tx = :tx")
                    .expressionAttributeNames(Map.of("#status", PaymentItems.STATUS,
                            "#tx", PaymentItems.TRANSACTION_ID, "#method", "method",
                            "#chargeMethod", PaymentItems.CHARGE_METHOD, "#chargeId", PaymentItems.CHARGE_ID))
                    .expressionAttributeValues(Map.of(":processing", s(PaymentStatus.PROCESSING.wireName()),
                            ":tx", s(transactionId)))
                    .returnValues(ReturnValue.ALL_NEW));
            return Optional.of(PaymentItems.fromItem(response.attributes()));
        } catch (ConditionalCheckFailedException superseded) {
            return Optional.empty();
        }
    }

    @Override
    public boolean fail(String paymentId, String transactionId, PaymentFailure failure, Instant now) {
        return fail(paymentId, transactionId, failure, now, "");
    }

    @Override
    public boolean failUncharged(String paymentId, String transactionId, PaymentFailure failure, Instant now) {
        return fail(paymentId, transactionId, failure, now, " AND attribute_not_exists(#chargeId)");
    }

    private boolean fail(String paymentId, String transactionId, PaymentFailure failure, Instant now, String andAlso) {
        try {
            dynamo.updateItem(b -> b.tableName(table)
                    .key(Map.of(PaymentItems.PAYMENT_ID, s(paymentId)))
                    .updateExpression("SET #status = :failed, failure_error = :error, failure_message = :message, "
                            + "failure_retry = :retry, failed_at = :now REMOVE #lease, #chargeMethod, #chargeId")
                    .conditionExpression("#status = :processing AND #tx = :tx" + andAlso)
                    .expressionAttributeNames(CHARGE_NAMES)
                    .expressionAttributeValues(Map.of(":failed", s(PaymentStatus.FAILED.wireName()),
                            ":processing", s(PaymentStatus.PROCESSING.wireName()), ":tx", s(transactionId),
                            ":error", s(failure.error()), ":message", s(failure.message()),
                            ":retry", AttributeValue.fromBool(failure.retryAllowed()), ":now", n(now.toEpochMilli())))
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            return true;
        } catch (ConditionalCheckFailedException gone) {
            // the SDK's retry of this write, its answer lost, finds it done: the failure is still this attempt's to tell
            return madeBy(gone, transactionId, PaymentStatus.FAILED).isPresent();
        }
    }

    /** The item a refused write found, when it is in {@code status} by the attempt {@code transactionId}. */
    private static Optional<Map<String, AttributeValue>> madeBy(ConditionalCheckFailedException refused,
                                                                String transactionId, PaymentStatus status) {
        Map<String, AttributeValue> found = refused.hasItem() ? refused.item() : Map.of();
        return transactionId.equals(Dynamo.string(found, PaymentItems.TRANSACTION_ID))
                && status.wireName().equals(Dynamo.string(found, PaymentItems.STATUS))
                ? Optional.of(found) : Optional.empty();
    }

    @Override
    public TransactWriteItem markPaid(String paymentId, String transactionId, Instant now) {
        return TransactWriteItem.builder().update(Update.builder().tableName(table)
                .key(Map.of(PaymentItems.PAYMENT_ID, s(paymentId)))
                .updateExpression("SET #status = :paid, paid_at = :now REMOVE #lease")
                .conditionExpression("#status = :processing AND #tx = :tx")
                .expressionAttributeNames(NAMES)
                .expressionAttributeValues(Map.of(":paid", s(PaymentStatus.PAID.wireName()),
                        ":processing", s(PaymentStatus.PROCESSING.wireName()), ":tx", s(transactionId),
                        ":now", n(now.toEpochMilli())))
                .build()).build();
    }
}
