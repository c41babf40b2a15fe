package io.ridewire.functions.payments;

import io.micronaut.core.annotation.Nullable;
import io.ridewire.model.payments.Payment;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.time.Instant;

/**
 * Settles a payment in one step: debit the passenger's wallet (only if its balance covers the amount) — or, for a
 * provider's method, record the money as coming from outside — credit the driver and a platform wallet, write the
 * ledger entries, mark the payment paid, provided this attempt still holds it, and store what the payment then owes
 * (its outbox entry). All of it happens or none of it: a payment is debited at most once, every debit equals its
 * credits, and no payment is paid without its completion owed.
 */
public interface PaymentSettlement {
    /** How a settlement ended. */
    sealed interface Result {
        record Settled() implements Result {
        }

        /** The passenger's wallet does not cover the amount; nothing moved. */
        record InsufficientBalance() implements Result {
        }

        /** This attempt no longer holds the payment (its lease lapsed and another took it, or it is paid). */
        record Superseded() implements Result {
        }

        /** The wallets stayed busy with other transactions; nothing moved. */
        record Busy() implements Result {
        }
    }

    /**
     * Settles a payment held by the attempt {@code transactionId}.
     *
     * @param provider null for the wallet; else the method whose provider already charged the passenger
     * @param owed     the outbox entry of the completion ({@link PaymentCompletions#write}), committed with it
     */
    Result settle(Payment payment, String transactionId, @Nullable String provider, Instant now,
                  TransactWriteItem owed);
}
