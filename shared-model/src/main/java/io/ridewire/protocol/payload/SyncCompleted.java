package io.ridewire.protocol.payload;

import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.time.Instant;

/**
 * {@code sync.completed}: the reply to {@code sync}, after the missed events were re-sent in order. With
 * {@code has_more} the client syncs again from {@code last_seq}.
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record SyncCompleted(long since, long lastSeq, int count, boolean hasMore, Instant timestamp) {
}
