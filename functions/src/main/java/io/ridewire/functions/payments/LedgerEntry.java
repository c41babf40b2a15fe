package io.ridewire.functions.payments;

import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static io.ridewire.functions.aws.Dynamo.n;
import static io.ridewire.functions.aws.Dynamo.s;

/**
 * One side of a money movement: {@code amount} is negative for a debit. Keyed by account and the movement
 * ({@code payment#{id}}, {@code topup#{id}}), written with {@code attribute_not_exists}, so a movement is recorded
 * at most once per account.
 *
 * @param kind ride_fare, driver_earnings, admin_fee, cancellation_fee, top_up
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record LedgerEntry(String account, String entryId, long amount, String kind, String paymentId,
                          String transactionId, Instant createdAt) {

    static final String ACCOUNT = "account";
    static final String ENTRY_ID = "entry_id";

    public static String forPayment(String paymentId) {
        return "payment#" + paymentId;
    }

    /** Scoped to the wallet: two users' top-ups under one {@code Idempotency-Key} are two movements, not a retry. */
    public static String forTopUp(String userId, String topUpId) {
        return "topup#" + UUID.nameUUIDFromBytes((userId + "\n" + topUpId).getBytes(StandardCharsets.UTF_8));
    }

    TransactWriteItem put(String table) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(ACCOUNT, s(account));
        item.put(ENTRY_ID, s(entryId));
        item.put("amount", n(amount));
        item.put("kind", s(kind));
        if (paymentId != null) {
            item.put("payment_id", s(paymentId));
        }
        item.put("transaction_id", s(transactionId));
        item.put("created_at", n(createdAt.toEpochMilli()));
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(item)
                .conditionExpression("attribute_not_exists(#a)")
                .expressionAttributeNames(Map.of("#a", ACCOUNT))
                // a repeat sees the entry already there in the cancellation reason, without reading it
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build()).build();
    }

    static LedgerEntry fromItem(Map<String, AttributeValue> item) {
        AttributeValue payment = item.get("payment_id");
        return new LedgerEntry(item.get(ACCOUNT).s(), item.get(ENTRY_ID).s(), Long.parseLong(item.get("amount").n()),
                item.get("kind").s(), payment == null ? null : payment.s(), item.get("transaction_id").s(),
                Instant.ofEpochMilli(Long.parseLong(item.get("created_at").n())));
    }
}
