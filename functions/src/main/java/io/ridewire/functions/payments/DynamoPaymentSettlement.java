package io.ridewire.functions.payments;

import io.ridewire.model.payments.Payment;

import io.micronaut.core.annotation.Nullable;
import io.ridewire.functions.aws.Transactions;
import io.ridewire.model.billing.Settlement;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@link PaymentSettlement} as one DynamoDB transaction over the wallets, the ledger, the payment and its outbox
 * entry: at most 8 items, far below the 100 a transaction may hold.
 */
@Singleton
public class DynamoPaymentSettlement implements PaymentSettlement {
    private final DynamoDbClient dynamo;
    private final Wallets wallets;
    private final PaymentStore payments;
    private final PaymentSettings settings;

    public DynamoPaymentSettlement(DynamoDbClient dynamo, Wallets wallets, PaymentStore payments, PaymentSettings settings) {
        this.dynamo = dynamo;
        this.wallets = wallets;
        this.payments = payments;
        this.settings = settings;
    }

    @Override
    public Result settle(Payment payment, String transactionId, @Nullable String provider, Instant now,
                         TransactWriteItem owed) {
        Settlement money = payment.settlement();
        String entryId = LedgerEntry.forPayment(payment.paymentId());
        String ledger = wallets.ledgerTable();
        List<TransactWriteItem> items = new ArrayList<>(8);
        int debitAt = -1;
        if (money.passengerPays() > 0) {
            String source = provider == null ? Accounts.user(payment.passengerId()) : Accounts.external(provider);
            if (provider == null) {
                debitAt = items.size();
                items.add(wallets.debit(source, money.passengerPays(), now));
            }
            items.add(new LedgerEntry(source, entryId, -money.passengerPays(), payment.kind().wireName(),
                    payment.paymentId(), transactionId, now).put(ledger));
        }
        if (money.driverEarns() > 0) {
            String driver = Accounts.user(payment.driverId());
            items.add(wallets.credit(driver, money.driverEarns(), now));
            items.add(new LedgerEntry(driver, entryId, money.driverEarns(), "driver_earnings", payment.paymentId(),
                    transactionId, now).put(ledger));
        }
        if (money.platformEarns() > 0) {
            String platform = Accounts.platformFor(payment.paymentId(), settings.getPlatformShards());
            items.add(wallets.credit(platform, money.platformEarns(), now));
            items.add(new LedgerEntry(platform, entryId, money.platformEarns(), "admin_fee", payment.paymentId(),
                    transactionId, now).put(ledger));
        }
        int paymentAt = items.size();
        items.add(payments.markPaid(payment.paymentId(), transactionId, now));
        items.add(owed);
        int debitedAt = debitAt;
        return switch (Transactions.write(dynamo, items, settings.getConflictRetries())) {
            case Transactions.Outcome.Committed committed -> new Result.Settled();
            case Transactions.Outcome.ConditionFailed failed when failed.failedAt(paymentAt) -> new Result.Superseded();
            case Transactions.Outcome.ConditionFailed failed when debitedAt >= 0 && failed.failedAt(debitedAt) ->
                    new Result.InsufficientBalance();
            // a ledger entry of this payment exists: it was settled before, by an attempt that held it then
            case Transactions.Outcome.ConditionFailed failed -> new Result.Superseded();
            case Transactions.Outcome.Conflicted conflicted -> new Result.Busy();
        };
    }
}
