package io.ridewire.model.matching;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import io.ridewire.model.geo.GeoPoint;

/** A pickup or destination as the spec shows it: coordinates and, optionally, a street address. */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Place(double latitude, double longitude, String address) {

    public GeoPoint point() {
        return new GeoPoint(latitude, longitude);
    }
}
