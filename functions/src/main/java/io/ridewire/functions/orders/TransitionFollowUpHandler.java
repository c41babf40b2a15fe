package io.ridewire.functions.orders;

import io.ridewire.functions.deadlines.Deadline;
import io.ridewire.functions.deadlines.DeadlineHandler;
import jakarta.inject.Singleton;

/** Finishes what an order's transition owes when its request could not ({@link OrderService#TRANSITION_FOLLOW_UP}). */
@Singleton
public class TransitionFollowUpHandler implements DeadlineHandler {
    private final OrderService orders;

    public TransitionFollowUpHandler(OrderService orders) {
        this.orders = orders;
    }

    @Override
    public String kind() {
        return OrderService.TRANSITION_FOLLOW_UP;
    }

    @Override
    public void fire(Deadline deadline) {
        orders.transitionFollowUp(deadline.payload());
    }
}
