package io.ridewire.functions.payments;

import io.ridewire.functions.aws.TableNames;
import io.ridewire.functions.aws.Transactions;
import io.ridewire.model.billing.Money;
import io.ridewire.deployment.TableCatalogue;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.ridewire.functions.aws.Dynamo.n;
import static io.ridewire.functions.aws.Dynamo.s;

/** The {@link Wallets} in DynamoDB: a balance changes only inside a transaction that also writes its ledger entries. */
@Singleton
public class DynamoWallets implements Wallets {
    static final String WALLET_ID = "wallet_id";
    static final String BALANCE = "balance";

    private final DynamoDbClient dynamo;
    private final PaymentSettings settings;
    private final Clock clock;
    private final String wallets;
    private final String ledger;

    public DynamoWallets(DynamoDbClient dynamo, TableNames tables, PaymentSettings settings, Clock clock) {
        this.dynamo = dynamo;
        this.settings = settings;
        this.clock = clock;
        this.wallets = tables.of(TableCatalogue.WALLETS);
        this.ledger = tables.of(TableCatalogue.LEDGER);
    }

    @Override
    public long balance(String walletId) {
        var response = dynamo.getItem(b -> b.tableName(wallets).key(Map.of(WALLET_ID, s(walletId)))
                .consistentRead(true));
        return response.hasItem() && response.item().containsKey(BALANCE)
                ? Long.parseLong(response.item().get(BALANCE).n()) : 0;
    }

    @Override
    public long platformBalance() {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (int shard = 0; shard < Math.max(1, settings.getPlatformShards()); shard++) {
            keys.add(Map.of(WALLET_ID, s(Accounts.platform(shard))));
        }
        long total = 0;
        Map<String, KeysAndAttributes> pending = Map.of(wallets,
                KeysAndAttributes.builder().keys(keys).consistentRead(true).build());
        while (!pending.isEmpty()) {
            Map<String, KeysAndAttributes> request = pending;
            var response = dynamo.batchGetItem(b -> b.requestItems(request));
            for (Map<String, AttributeValue> item : response.responses().getOrDefault(wallets, List.of())) {
                total += Long.parseLong(item.get(BALANCE).n());
            }
            pending = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
        }
        return total;
    }

    @Override
    public TopUp topUp(String userId, long amount, String topUpId) {
        if (amount <= 0 || amount > settings.getMaxTopUp()) {
            throw new IllegalArgumentException("top-up amount outside 1.." + settings.getMaxTopUp());
        }
        String walletId = Accounts.user(userId);
        Instant now = clock.instant();
        String entryId = LedgerEntry.forTopUp(userId, topUpId);
        List<TransactWriteItem> items = List.of(
                credit(walletId, amount, now),
                new LedgerEntry(walletId, entryId, amount, "top_up", null, topUpId, now).put(ledger),
                new LedgerEntry(Accounts.external("top_up"), entryId, -amount, "top_up", null, topUpId, now).put(ledger));
        Transactions.Outcome outcome = Transactions.write(dynamo, items, settings.getConflictRetries());
        return switch (outcome) {
            case Transactions.Outcome.Committed committed -> new TopUp(walletId, balance(walletId), true, amount);
            case Transactions.Outcome.ConditionFailed repeated ->
                    new TopUp(walletId, balance(walletId), false, recordedAmount(repeated, amount));
            case Transactions.Outcome.Conflicted conflicted ->
                    throw new IllegalStateException("wallet " + walletId + " kept conflicting");
        };
    }

    /** What the id's first top-up credited: the wallet's entry (the transaction's second item) as it stood. */
    private static long recordedAmount(Transactions.Outcome.ConditionFailed repeated, long amount) {
        var reasons = repeated.reasons();
        return reasons.size() > 1 && reasons.get(1).hasItem() && !reasons.get(1).item().isEmpty()
                ? LedgerEntry.fromItem(reasons.get(1).item()).amount() : amount;
    }

    @Override
    public List<LedgerEntry> entries(String account) {
        List<LedgerEntry> entries = new ArrayList<>();
        Map<String, AttributeValue> startKey = null;
        do {
            final Map<String, AttributeValue> from = startKey;
            var page = dynamo.query(b -> b.tableName(ledger)
                    .keyConditionExpression("#a = :a")
                    .expressionAttributeNames(Map.of("#a", LedgerEntry.ACCOUNT))
                    .expressionAttributeValues(Map.of(":a", s(account)))
                    .consistentRead(true)
                    .exclusiveStartKey(from));
            page.items().forEach(item -> entries.add(LedgerEntry.fromItem(item)));
            startKey = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (startKey != null);
        return entries;
    }

    @Override
    public String ledgerTable() {
        return ledger;
    }

    @Override
    public TransactWriteItem debit(String walletId, long amount, Instant now) {
        return TransactWriteItem.builder().update(Update.builder().tableName(wallets)
                .key(Map.of(WALLET_ID, s(walletId)))
                .updateExpression("SET #b = #b - :amount, updated_at = :now")
                .conditionExpression("#b >= :amount")
                .expressionAttributeNames(Map.of("#b", BALANCE))
                .expressionAttributeValues(Map.of(":amount", n(amount),
                        ":now", n(now.toEpochMilli())))
                .build()).build();
    }

    @Override
    public TransactWriteItem credit(String walletId, long amount, Instant now) {
        return TransactWriteItem.builder().update(Update.builder().tableName(wallets)
                .key(Map.of(WALLET_ID, s(walletId)))
                .updateExpression("ADD #b :amount SET currency = :currency, updated_at = :now")
                .expressionAttributeNames(Map.of("#b", BALANCE))
                .expressionAttributeValues(Map.of(":amount", n(amount),
                        ":currency", s(Money.CURRENCY),
                        ":now", n(now.toEpochMilli())))
                .build()).build();
    }
}
