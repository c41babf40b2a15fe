package io.ridewire.model.inbound;

import io.ridewire.model.protocol.ErrorCode;
import io.ridewire.model.protocol.Fields;

import java.util.Set;

/**
 * {@code payment.method_selected}: the payment and one of the configured methods. {@code wallet_balance}, the app's
 * own figure, is checked for type and otherwise ignored — the wallet's balance is the server's.
 */
public record PaymentMethodSelected(String paymentId, String method) {

    public static PaymentMethodSelected read(Fields payload, Set<String> methods) {
        String paymentId = payload.id("payment_id");
        String method = payload.oneOf("method", methods);
        payload.optionalNumberIn("wallet_balance", 0, Double.MAX_VALUE, ErrorCode.OUT_OF_RANGE);
        return new PaymentMethodSelected(paymentId, method);
    }
}
