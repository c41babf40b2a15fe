package io.ridewire.functions.payments;

import io.ridewire.model.payments.Payment;

/**
 * Charges a passenger by a method other than the wallet (bank transfer, card) through an outside payment provider.
 * Implement it as a {@code @Singleton} bean; with none configured for a method, selecting that method fails with
 * {@code method_unavailable} — Ridewire never pretends a charge succeeded.
 */
public interface PaymentProvider {

    /** The {@code method} it charges ({@code bank_transfer}, {@code credit_card}). */
    String method();

    /**
     * Charges the payment's amount. Must be idempotent by {@code payment.paymentId()} and {@code payment.chargeId()}
     * (the attempt that started this charge, recorded on the payment before this is called): every attempt carrying
     * the charge on — after a crash, a lost answer, a lapsed lease, a settlement that stayed busy — passes the same
     * id and must get the first charge's outcome, never a second charge. A charge after a decline has a new id.
     * Throwing leaves the charge open: the payment may then only be retried by this method.
     */
    Charge charge(Payment payment);

    /** A provider's answer. */
    sealed interface Charge {
        /** The money was taken; {@code reference} is the provider's id for it. */
        record Charged(String reference) implements Charge {
        }

        /** Refused (card declined, transfer rejected), with the provider's reason. */
        record Declined(String reason) implements Charge {
        }
    }
}
