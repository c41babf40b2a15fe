package io.ridewire.functions.connections;

import io.ridewire.model.identity.Caller;

import java.util.List;

/**
 * Rooms beyond the role rooms that a user is put back into on every connect (an order's room, say). The server
 * decides membership from its own records, never from what the client asks for.
 */
public interface RoomSource {
    List<String> roomsFor(Caller caller);
}
