package io.ridewire.functions.presence;

/** A connection in a room, with its user. */
public record Member(String connectionId, String userId) {
}
