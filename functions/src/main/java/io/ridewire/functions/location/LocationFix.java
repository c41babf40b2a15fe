package io.ridewire.functions.location;

import io.ridewire.model.location.Reading;

import io.ridewire.model.events.Trace;
import io.ridewire.model.geo.GeoPoint;
import io.ridewire.model.identity.Caller;

import java.time.Instant;

/**
 * An accepted location update, as {@link LocationListener}s receive it.
 *
 * @param rideId       the ride the app says it is in ({@code ride_id}), or null; listeners check it themselves
 * @param connectionId the sending connection (the spec's {@code session_id})
 * @param at           when the device took the fix
 */
public record LocationFix(Caller caller, String connectionId, Reading reading, String rideId, Instant at, Trace trace) {

    public GeoPoint point() {
        return new GeoPoint(reading.latitude(), reading.longitude());
    }
}
