package io.ridewire.model.location;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import io.ridewire.model.geo.GeoPoint;

import java.time.Instant;

/**
 * {@code location.geofence}: a user entered or left a zone of their match or ride, reported once per transition.
 * {@code match_id} is added to the spec's fields so apps can tell which match the zone belongs to before a ride
 * exists.
 */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LocationGeofence(String userId, String geofenceType, String action, GeoPoint location, String rideId,
                               String matchId, Instant timestamp) {
    public static final String PICKUP_ZONE = "pickup_zone";
    public static final String DESTINATION_ZONE = "destination_zone";
    public static final String ENTERED = "entered";
    public static final String EXITED = "exited";
}
