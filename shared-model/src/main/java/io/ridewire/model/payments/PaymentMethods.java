package io.ridewire.model.payments;

/** The spec's payment methods. The wallet is Ridewire's own; the others go through a payment provider. */
public final class PaymentMethods {
    public static final String WALLET = "wallet";
    public static final String BANK_TRANSFER = "bank_transfer";
    public static final String CREDIT_CARD = "credit_card";

    private PaymentMethods() {
    }
}
