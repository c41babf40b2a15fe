package io.ridewire.model.inbound;

import io.ridewire.model.location.Reading;
import io.ridewire.model.protocol.Coordinates;
import io.ridewire.model.protocol.ErrorCode;
import io.ridewire.model.protocol.Fields;

import java.math.BigDecimal;

/**
 * {@code ride.arrived}: the ride, optionally where it ended, the fare's {@code adjustment_factor} in [0, 1] (1 when
 * absent) and why it was adjusted.
 */
public record RideArrived(String rideId, Reading at, BigDecimal factor, String reason) {

    public static RideArrived read(Fields payload) {
        String rideId = payload.id("ride_id");
        Reading at = payload.optionalObject("arrival_location").map(Coordinates::reading).orElse(null);
        // BigDecimal.valueOf keeps the factor as the app wrote it (0.9, not 0.9000000000000000222)
        BigDecimal factor = BigDecimal.valueOf(
                payload.optionalNumberIn("adjustment_factor", 0, 1, ErrorCode.OUT_OF_RANGE).orElse(1.0));
        String reason = payload.optionalString("adjustment_reason").orElse(null);
        return new RideArrived(rideId, at, factor, reason);
    }
}
