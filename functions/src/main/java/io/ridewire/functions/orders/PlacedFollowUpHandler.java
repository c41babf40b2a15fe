package io.ridewire.functions.orders;

import io.ridewire.functions.deadlines.Deadline;
import io.ridewire.functions.deadlines.DeadlineHandler;
import jakarta.inject.Singleton;

/** Finishes announcing a placed order whose request could not ({@link OrderService#PLACED_FOLLOW_UP}). */
@Singleton
public class PlacedFollowUpHandler implements DeadlineHandler {
    private final OrderService orders;

    public PlacedFollowUpHandler(OrderService orders) {
        this.orders = orders;
    }

    @Override
    public String kind() {
        return OrderService.PLACED_FOLLOW_UP;
    }

    @Override
    public void fire(Deadline deadline) {
        orders.placedFollowUp(deadline.payload());
    }
}
