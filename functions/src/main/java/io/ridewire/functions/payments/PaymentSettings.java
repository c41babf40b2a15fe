package io.ridewire.functions.payments;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;
import java.util.List;

/** {@code ridewire.payments.*}: what a payment request offers, how attempts hold a payment, the platform's wallets. */
@ConfigurationProperties("ridewire.payments")
public interface PaymentSettings {

    /** The methods {@code payment.request} offers; others are refused (INVALID_VALUE). */
    @Bindable(defaultValue = "wallet,bank_transfer,credit_card")
    List<String> getMethods();

    /** {@code expires_at} of {@code payment.request}: how long the app shows it as due (a late payment is still taken). */
    @Bindable(defaultValue = "10m")
    Duration getRequestExpiry();

    /** How long one attempt holds a payment; a crashed attempt's hold lapses after it and the passenger may retry. */
    @Bindable(defaultValue = "30s")
    Duration getProcessingLease();

    /**
     * The platform's fee wallet is split over this many items (the fee goes to one chosen by the payment id), so
     * concurrent payments do not all update one DynamoDB item. Its balance is their sum.
     */
    @Bindable(defaultValue = "8")
    int getPlatformShards();

    /** The largest single top-up accepted by {@code POST /wallets/{user}/top-up}. */
    @Bindable(defaultValue = "10000000")
    long getMaxTopUp();

    /** How often a wallet transaction is tried while it conflicts with others on the same wallets. */
    @Bindable(defaultValue = "8")
    int getConflictRetries();
}
