package io.ridewire.functions.delivery;

import java.time.Instant;

/**
 * A durable event as kept in an inbox.
 *
 * @param seq         its number in the inbox, increasing
 * @param epoch       the inbox's epoch the seq belongs to
 * @param acked       whether the client acknowledged it, as {@link EventStore#find} reads it (a page of events
 *                    leaves it false)
 * @param payloadJson the payload, serialized once when stored
 * @param fresh       true when this call stored it, false when the id had been stored before
 */
public record StoredEvent(Inbox inbox, long seq, String epoch, String eventId, String type, boolean ackRequired, boolean acked,
                          String payloadJson, Instant createdAt, Instant expiresAt, boolean fresh) {
}
