package io.ridewire.model.location;

import io.ridewire.model.geo.GeoPoint;

import java.time.Instant;

/**
 * A position a device last reported (a location fix or a beacon), as the server recorded it.
 *
 * @param accuracyM  the reported accuracy in metres, or null when none was given
 * @param receivedAt when it arrived (server time, not the device's clock)
 */
public record ReportedFix(GeoPoint point, Double accuracyM, Instant receivedAt) {
}
