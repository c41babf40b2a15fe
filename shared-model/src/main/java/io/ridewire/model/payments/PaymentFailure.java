package io.ridewire.model.payments;

/**
 * Why a payment attempt failed: the {@code error} of {@code payment.failed}, its message, and whether trying again
 * (after a top-up, with another method, a moment later) can succeed.
 */
public record PaymentFailure(String error, String message, boolean retryAllowed) {
    public static final PaymentFailure INSUFFICIENT_BALANCE =
            new PaymentFailure("insufficient_balance", "Insufficient wallet balance", true);
    public static final PaymentFailure BUSY =
            new PaymentFailure("temporarily_unavailable", "The payment could not be processed now; try again", true);
    /** An attempt that stopped before it could tell its outcome (its process died): nothing was taken. */
    public static final PaymentFailure LAPSED =
            new PaymentFailure("temporarily_unavailable", "The payment attempt did not finish; try again", true);

    public static PaymentFailure methodUnavailable(String method) {
        return new PaymentFailure("method_unavailable", "Payment by " + method + " is not available; pay by wallet", true);
    }

    public static PaymentFailure declined(String reason) {
        return new PaymentFailure("declined", reason, true);
    }

    /** The NATS event's {@code error_code}: the error in upper case, as spec 002 writes it. */
    public String errorCode() {
        return error.toUpperCase(java.util.Locale.ROOT);
    }
}
