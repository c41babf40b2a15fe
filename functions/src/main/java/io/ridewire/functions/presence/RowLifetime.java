package io.ridewire.functions.presence;

import java.time.Duration;
import java.time.Instant;

/**
 * How long presence rows live. The gateway closes every connection within its maximum duration (2 h on API Gateway),
 * so a row that expires at {@code connectedAt + rowTtl} (that maximum plus a margin) is certainly gone by then and
 * never needs refreshing: no write per message or heartbeat. Memberships and sessions expire with their connection.
 */
public record RowLifetime(Duration rowTtl) {

    public RowLifetime {
        if (rowTtl == null || rowTtl.isNegative() || rowTtl.isZero()) {
            throw new IllegalArgumentException("ridewire.connections.row-ttl must be positive, was " + rowTtl);
        }
    }

    /** The TTL attribute (epoch seconds) of every row a connection opened at {@code connectedAt} writes. */
    public long expiresAt(Instant connectedAt) {
        return connectedAt.plus(rowTtl).getEpochSecond();
    }

    /**
     * Whether a row with this TTL attribute still counts at {@code now}. DynamoDB deletes expired items late (AWS: up
     * to days; DynamoDB Local: never), so readers must not serve them. A row without the attribute (0) never expires.
     */
    public static boolean isLive(long expiresAtEpochSecond, Instant now) {
        return expiresAtEpochSecond <= 0 || expiresAtEpochSecond > now.getEpochSecond();
    }
}
