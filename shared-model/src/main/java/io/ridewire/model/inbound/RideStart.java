package io.ridewire.model.inbound;

import io.ridewire.model.location.Reading;
import io.ridewire.model.protocol.Coordinates;
import io.ridewire.model.protocol.Fields;

import java.time.Duration;
import java.time.Instant;

/**
 * {@code ride.start}: the confirmed match, and optionally where and when the driver started.
 *
 * @param at     null: the driver's last known position is used
 * @param sentAt null when the app sent no {@code timestamp}
 */
public record RideStart(String matchId, Reading at, Instant sentAt) {

    public static RideStart read(Fields payload, Instant receivedAt, Duration maxSkew) {
        String matchId = payload.id("match_id");
        Reading at = payload.optionalObject("location").map(Coordinates::reading).orElse(null);
        Instant sentAt = payload.has("timestamp")
                ? Coordinates.timestamp(payload, "timestamp", receivedAt, maxSkew) : null;
        return new RideStart(matchId, at, sentAt);
    }
}
