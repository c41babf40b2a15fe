package io.ridewire.functions.orders;

import io.micronaut.context.ApplicationContext;
import io.ridewire.functions.gateway.Inbound;
import io.ridewire.functions.gateway.Reply;
import io.ridewire.functions.gateway.RouteHandler;
import io.ridewire.model.orders.payload.LockAcquired;
import io.ridewire.model.orders.payload.LockFailed;
import io.ridewire.model.protocol.EventType;
import io.ridewire.model.protocol.InvalidMessage;
import io.ridewire.model.inbound.OrderRef;
import jakarta.inject.Inject;

/**
 * {@code request_lock} ({@code order_id}): {@code lock_acquired} when the driver now holds the order's 5 s lock
 * (taking it, or renewing its own), {@code lock_failed} when another driver holds it or the order is gone.
 */
public class RequestLockHandler extends RouteHandler {
    @Inject
    OrderService orders;
    @Inject
    OrderSettings settings;

    public RequestLockHandler() {
    }

    public RequestLockHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected Reply handle(Inbound message) {
        if (!OrderService.isDriver(message.caller())) {
            throw InvalidMessage.forbidden("type", "only drivers lock orders");
        }
        String orderId = OrderRef.read(message.fields()).orderId();
        OrderService.LockOutcome outcome = orders.requestLock(message.caller(), orderId);
        return outcome.acquired()
                ? Reply.of(EventType.LOCK_ACQUIRED, new LockAcquired(orderId, outcome.message(),
                        settings.getLockTtl().toMillis()))
                : Reply.of(EventType.LOCK_FAILED, new LockFailed(orderId, outcome.message()));
    }
}
