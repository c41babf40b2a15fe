package io.ridewire.presence;

import io.ridewire.identity.Caller;

import java.time.Instant;
import java.util.Set;

/** A live connection as recorded in the connections table. */
public record Connection(String connectionId, Caller caller, Instant connectedAt, Set<String> rooms) {
}
