package io.ridewire.functions.payments;

import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.time.Instant;
import java.util.List;

/**
 * Wallet balances (whole rupiah) and the ledger. A balance changes only together with its ledger entries; a debit
 * requires the balance to cover it, so no balance goes negative. {@link DynamoWallets} keeps them in DynamoDB.
 */
public interface Wallets {
    /** A wallet's balance; 0 for a wallet never credited. */
    long balance(String walletId);

    /** The platform's fee income: the sum of its wallet shards. */
    long platformBalance();

    /**
     * What a top-up did: the balance after it, and whether this id was new.
     *
     * @param applied false when the id was used before: a repeated top-up, nothing moved
     * @param amount  what the id credited (this call's amount, or the earlier call's)
     */
    record TopUp(String walletId, long balance, boolean applied, long amount) {
    }

    /**
     * Credits a user's wallet from outside ({@code external#top_up}), once per {@code topUpId}: development seeding and
     * support corrections.
     */
    TopUp topUp(String userId, long amount, String topUpId);

    /** Every ledger entry of an account. */
    List<LedgerEntry> entries(String account);

    String ledgerTable();

    /** Takes {@code amount} from a wallet, on the condition that its balance covers it. */
    TransactWriteItem debit(String walletId, long amount, Instant now);

    /** Adds {@code amount} to a wallet, creating it at 0 if new. */
    TransactWriteItem credit(String walletId, long amount, Instant now);
}
