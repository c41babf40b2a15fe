package io.ridewire.functions.delivery;

import java.util.List;
import java.util.Optional;

/**
 * The inboxes of a room's participants, online or not, for rooms that stand for something with participants (an
 * order: its customer, its store, its driver). A durable event sent to such a room is kept for each of them; sent to
 * a room no source knows, it is kept only for the members online, and whoever was offline has nothing to sync.
 */
public interface RoomInboxes {
    /** The participants' inboxes of {@code room}; empty when this source does not know the room. */
    Optional<List<Inbox>> of(String room);
}
