package io.ridewire.model.inbound;

import io.ridewire.model.protocol.Coordinates;
import io.ridewire.model.protocol.ErrorCode;
import io.ridewire.model.protocol.Fields;

/**
 * {@code driver:location_update}: {@code lat}, {@code lng}, and optionally {@code heading} (0..360) and
 * {@code speed} (0..{@value #MAX_SPEED}).
 */
public record DriverLocationUpdate(double lat, double lng, Double heading, Double speed) {
    static final double MAX_SPEED = 500;

    public static DriverLocationUpdate read(Fields payload) {
        return new DriverLocationUpdate(
                Coordinates.latitude(payload, "lat"),
                Coordinates.longitude(payload, "lng"),
                payload.optionalNumberIn("heading", 0, 360, ErrorCode.OUT_OF_RANGE).orElse(null),
                payload.optionalNumberIn("speed", 0, MAX_SPEED, ErrorCode.OUT_OF_RANGE).orElse(null));
    }
}
