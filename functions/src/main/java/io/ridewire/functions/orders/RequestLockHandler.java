package io.ridewire.functions.orders;

import io.micronaut.context.ApplicationContext;
import io.ridewire.functions.gateway.Inbound;
import io.ridewire.functions.gateway.Reply;
import io.ridewire.functions.gateway.RouteHandler;
import io.ridewire.model.orders.payload.LockAcquired;
import io.ridewire.model.orders.payload.LockFailed;
import io.ridewire.model.protocol.EventType;
import io.ridewire.model.protocol.InvalidMessage;

/**
 * {@code request_lock} ({@code order_id}): {@code lock_acquired} when the driver now holds the order's 5 s lock
 * (taking it, or renewing its own), {@code lock_failed} when another driver holds it or the order is gone.
 */
public class RequestLockHandler extends RouteHandler {
    private final OrderService orders;
    private final OrderSettings settings;

    public RequestLockHandler() {
        this.orders = applicationContext.getBean(OrderService.class);
        this.settings = applicationContext.getBean(OrderSettings.class);
    }

    public RequestLockHandler(ApplicationContext context) {
        super(context);
        this.orders = context.getBean(OrderService.class);
        this.settings = context.getBean(OrderSettings.class);
    }

    @Override
    protected Reply handle(Inbound message) {
        if (!OrderService.isDriver(message.caller())) {
            throw InvalidMessage.forbidden("type", "only drivers lock orders");
        }
        String orderId = OrderIds.read(message.fields());
        OrderService.LockOutcome outcome = orders.requestLock(message.caller(), orderId);
        return outcome.acquired()
                ? Reply.of(EventType.LOCK_ACQUIRED, new LockAcquired(orderId, outcome.message(),
                        settings.getLockTtl().toMillis()))
                : Reply.of(EventType.LOCK_FAILED, new LockFailed(orderId, outcome.message()));
    }
}
