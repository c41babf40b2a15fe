package io.ridewire.functions.presence;

import io.ridewire.model.identity.Caller;

import java.time.Instant;
import java.util.Set;

/** A live connection as recorded in the connections table. */
public record Connection(String connectionId, Caller caller, Instant connectedAt, Set<String> rooms) {
}
