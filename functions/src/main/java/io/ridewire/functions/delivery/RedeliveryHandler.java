package io.ridewire.functions.delivery;

import io.ridewire.functions.deadlines.Deadline;
import io.ridewire.functions.deadlines.DeadlineHandler;
import jakarta.inject.Singleton;

/** Fires the re-sends of unacknowledged critical events ({@link DurableDelivery#REDELIVERY}). */
@Singleton
public class RedeliveryHandler implements DeadlineHandler {
    private final DurableDelivery delivery;

    public RedeliveryHandler(DurableDelivery delivery) {
        this.delivery = delivery;
    }

    @Override
    public String kind() {
        return DurableDelivery.REDELIVERY;
    }

    @Override
    public void fire(Deadline deadline) {
        String[] parts = deadline.payload().split("\n", 3);
        delivery.redeliver(Inbox.fromKey(parts[1]), parts[2], Integer.parseInt(parts[0]));
    }
}
