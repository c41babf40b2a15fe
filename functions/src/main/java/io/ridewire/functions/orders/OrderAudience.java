package io.ridewire.functions.orders;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The drivers an order was shown to, and those viewing it now (taxi spec's viewer count). Viewers are kept per
 * order with the time they last said so, and per connection, so a closed connection stops counting at once and a
 * lost {@code $disconnect} stops counting after the viewer TTL.
 */
public interface OrderAudience {
    /** The driver (on this connection) views the order; returns the number of viewers. */
    long view(String orderId, String driverId, String connectionId);

    /** The driver stopped viewing; returns the number of viewers left. */
    long stopViewing(String orderId, String driverId, String connectionId);

    /** Drivers viewing the order now. */
    List<String> viewers(String orderId);

    /** A connection closed: its driver stops viewing every order it viewed there; returns those orders. */
    Set<String> connectionClosed(String connectionId, String driverId);

    /**
     * Whether this change should broadcast the viewer count now. Of the changes to one order within a window only
     * the first leads; the others leave a mark that makes the leader broadcast once more ({@link #broadcastAgain}),
     * so a burst of N viewers costs a few broadcasts instead of N.
     */
    boolean leadBroadcast(String orderId, Duration window);

    /** After a window: true when changes came in meanwhile (broadcast again), false when the lead was given up. */
    boolean broadcastAgain(String orderId, Duration window);

    /** Gives up the lead (the leader stops after a bounded number of rounds). */
    void endBroadcast(String orderId);

    /** Records that the order was offered to these drivers. */
    void shown(String orderId, Collection<String> driverIds);

    /** Every driver who was offered the order or viewed it. */
    Set<String> everyone(String orderId);

    /** The order is settled: nobody views it any more. */
    void settled(String orderId);
}
