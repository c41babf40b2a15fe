package io.ridewire.functions.orders;

/**
 * A write to an order stayed in conflict with other transactions on it after every try: nothing was written, and
 * unlike a failed condition nothing is known about who won, so the caller tries again (a request: 409 "changed
 * meanwhile"; a deadline: it fails and the poller runs it again) instead of taking it for a lost race.
 */
public class OrderContended extends RuntimeException {
    public OrderContended(String orderId) {
        super("order " + orderId + " kept conflicting with other writes");
    }
}
