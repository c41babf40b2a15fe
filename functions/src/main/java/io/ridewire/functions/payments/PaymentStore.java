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
     * failed, or held by an attempt whose lease ran out. Empty when another attempt holds it or it is paid.
     */
    Optional<Payment> claim(String paymentId, String transactionId, String method, Instant now,
                                   Instant leaseUntil);

    /** Records that the attempt {@code transactionId} failed; false when that attempt no longer holds the payment. */
    boolean fail(String paymentId, String transactionId, PaymentFailure failure, Instant now);

    /** The write that marks a payment paid by the attempt holding it: part of the transaction that moves the money. */
    TransactWriteItem markPaid(String paymentId, String transactionId, Instant now);
}
