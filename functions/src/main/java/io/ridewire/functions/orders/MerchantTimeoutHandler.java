package io.ridewire.functions.orders;

import io.ridewire.functions.deadlines.Deadline;
import io.ridewire.functions.deadlines.DeadlineHandler;
import jakarta.inject.Singleton;

/** The merchant's acceptance window passed ({@link OrderService#MERCHANT_TIMEOUT}). */
@Singleton
public class MerchantTimeoutHandler implements DeadlineHandler {
    private final OrderService orders;

    public MerchantTimeoutHandler(OrderService orders) {
        this.orders = orders;
    }

    @Override
    public String kind() {
        return OrderService.MERCHANT_TIMEOUT;
    }

    @Override
    public void fire(Deadline deadline) {
        orders.merchantTimedOut(deadline.payload());
    }
}
