package io.ridewire.model.inbound;

import io.ridewire.model.protocol.Fields;

/**
 * {@code sync}: the last seq the client holds, how many events it wants at most (1 to the page size, the page size
 * by default) and the inbox epoch it knows.
 *
 * @param epoch null when the client knows none
 */
public record Sync(long since, int limit, String epoch) {

    public static Sync read(Fields payload, int pageSize) {
        long since = payload.integerIn("since", 0, Long.MAX_VALUE / 2);
        int limit = payload.has("limit") ? (int) payload.integerIn("limit", 1, pageSize) : pageSize;
        String epoch = payload.optionalString("epoch").orElse(null);
        return new Sync(since, limit, epoch);
    }
}
