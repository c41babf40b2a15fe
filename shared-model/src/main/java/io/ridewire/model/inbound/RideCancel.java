package io.ridewire.model.inbound;

import io.ridewire.model.location.Reading;
import io.ridewire.model.matching.Party;
import io.ridewire.model.protocol.Coordinates;
import io.ridewire.model.protocol.Fields;

import java.util.Set;

/**
 * {@code ride.cancel}: the ride, a reason from spec 002's that a person can give (the sender's own by default), and
 * optionally where the sender is.
 */
public record RideCancel(String rideId, String reason, Reading at) {
    private static final Set<String> REASONS = Set.of("emergency", "passenger_request", "driver_issue");

    public static RideCancel read(Fields payload, Party sender) {
        String rideId = payload.id("ride_id");
        String reason = payload.optionalOneOf("reason", REASONS)
                .orElse(sender == Party.DRIVER ? "driver_issue" : "passenger_request");
        Reading at = payload.optionalObject("location").map(Coordinates::reading).orElse(null);
        return new RideCancel(rideId, reason, at);
    }
}
