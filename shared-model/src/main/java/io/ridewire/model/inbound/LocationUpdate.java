package io.ridewire.model.inbound;

import io.ridewire.model.location.Reading;
import io.ridewire.model.protocol.Coordinates;
import io.ridewire.model.protocol.Fields;

import java.time.Duration;
import java.time.Instant;

/**
 * {@code location.update}: a GPS fix, the ride it belongs to if any, and when it was taken (at most
 * {@code maxSkew} after the gateway received it).
 *
 * @param rideId null outside a ride
 */
public record LocationUpdate(Reading reading, String rideId, Instant at) {

    public static LocationUpdate read(Fields payload, Instant receivedAt, Duration maxSkew) {
        Reading reading = Coordinates.reading(payload.object("location"));
        String rideId = payload.optionalId("ride_id").orElse(null);
        Instant at = Coordinates.timestamp(payload, "timestamp", receivedAt, maxSkew);
        return new LocationUpdate(reading, rideId, at);
    }
}
