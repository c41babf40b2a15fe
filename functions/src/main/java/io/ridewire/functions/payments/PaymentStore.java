package io.ridewire.functions.payments;

import io.ridewire.model.payments.Payment;
import io.ridewire.model.payments.PaymentFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.time.Instant;
import java.util.Optional;

/**
 * Payments. Every change is conditional on the status (and the attempt's transaction id), so at most one attempt
 * holds a payment at a time and a paid payment never changes again. {@link DynamoPaymentStore} keeps them in the
 * payments table.
 */
public interface PaymentStore {
    String table();

    Optional<Payment> find(String paymentId);

    /** The write that creates a payment, once: part of the transaction that ends its ride. */
    TransactWriteItem create(Payment payment);

    /**
     * Starts an attempt: the payment is taken for {@code transactionId} until {@code leaseUntil} — if it is pending,
     * failed, or held by an attempt whose lease ran out — and no outside charge by another method is open on it.
     * Empty when another attempt holds it, it is paid, or such a charge is open.
     */
    Optional<Payment> claim(String paymentId, String transactionId, String method, Instant now,
                                   Instant leaseUntil);

    /**
     * Records, before the provider is asked, that the attempt {@code transactionId} holding the payment charges it by
     * its method outside: from then on only that method may be tried until the charge is settled or declined. A charge
     * already open keeps its id, so an attempt carrying it on charges under the same key. Empty when the attempt no
     * longer holds the payment.
     */
    Optional<Payment> startCharge(String paymentId, String transactionId);

    /**
     * Records that the attempt {@code transactionId} failed, closing any outside charge on it (a failed charge took
     * nothing); false when that attempt no longer holds the payment.
     */
    boolean fail(String paymentId, String transactionId, PaymentFailure failure, Instant now);

    /**
     * As {@link #fail}, for an attempt that must not have started an outside charge (one that lapsed): false also
     * when a charge is open, which only its provider's answer may close.
     */
    boolean failUncharged(String paymentId, String transactionId, PaymentFailure failure, Instant now);

    /** The write that marks a payment paid by the attempt holding it: part of the transaction that moves the money. */
    TransactWriteItem markPaid(String paymentId, String transactionId, Instant now);
}
