package io.ridewire.functions.payments;

import io.micronaut.context.ApplicationContext;
import io.ridewire.functions.gateway.Inbound;
import io.ridewire.functions.gateway.Reply;
import io.ridewire.functions.gateway.RouteHandler;
import io.ridewire.model.identity.Role;
import io.ridewire.model.protocol.EventType;
import io.ridewire.model.protocol.InvalidMessage;
import io.ridewire.model.inbound.PaymentMethodSelected;
import jakarta.inject.Inject;

import java.util.Set;

/**
 * {@code payment.method_selected} from the ride's passenger: {@code payment.processing} (echoing the message's
 * {@code id}, like every answer to it), then
 * {@code payment.completed} (to both parties) or {@code payment.failed}. A repeated selection is answered with where
 * the payment stands; {@code wallet_balance}, the app's own figure, is checked for type and otherwise ignored — the
 * wallet's balance is the server's.
 */
public class PaymentMethodSelectedHandler extends RouteHandler {
    @Inject
    Payments payments;
    @Inject
    PaymentSettings settings;

    public PaymentMethodSelectedHandler() {
    }

    public PaymentMethodSelectedHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected Reply handle(Inbound message) {
        if (!message.caller().is(Role.PASSENGER)) {
            throw InvalidMessage.forbidden("type", "only the ride's passenger pays");
        }
        PaymentMethodSelected selected = PaymentMethodSelected.read(message.fields(), Set.copyOf(settings.getMethods()));
        return switch (payments.select(message.caller(), selected.paymentId(), selected.method(), message.envelope().id(),
                message.trace())) {
            case Payments.Selection.Attempted attempted -> Reply.none();
            case Payments.Selection.AlreadyPaid paid -> Reply.of(EventType.PAYMENT_COMPLETED, paid.completed());
            case Payments.Selection.InProgress busy -> Reply.of(EventType.PAYMENT_PROCESSING, busy.processing());
            case Payments.Selection.Refused refused -> Reply.of(EventType.PAYMENT_FAILED, refused.failed());
        };
    }
}
