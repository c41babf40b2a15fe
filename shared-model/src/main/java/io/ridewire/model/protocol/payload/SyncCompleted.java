package io.ridewire.model.protocol.payload;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.time.Instant;

/**
 * {@code sync.completed}: the reply to {@code sync}, after the missed events were re-sent in order. With
 * {@code has_more} the client syncs again from {@code last_seq}. {@code epoch} is the inbox's current one;
 * {@code recovered} is false when the client's epoch was another (its history is gone: the whole current epoch was
 * replayed from seq 0, and the client resets its last seq).
 */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SyncCompleted(long since, long lastSeq, int count, boolean hasMore, String epoch, boolean recovered,
                            Instant timestamp) {
}
