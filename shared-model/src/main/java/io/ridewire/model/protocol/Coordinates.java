package io.ridewire.model.protocol;

import io.ridewire.model.geo.GeoPoint;
import io.ridewire.model.location.Reading;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Reads positions and GPS fixes from a payload, naming the field and code of the first bad value: latitude beyond
 * ±{@value #MAX_LATITUDE} and longitude beyond ±180 are {@code INVALID_COORDINATES} (the spec's code); accuracy,
 * speed (≥ 0) and heading (0..360) are {@code OUT_OF_RANGE}.
 */
public final class Coordinates {
    /**
     * The highest latitude Redis' geo index takes (Web Mercator's limit, as {@code GEOADD} and {@code GEOSEARCH}
     * refuse beyond it): a position past it is refused here, never half-stored.
     */
    public static final double MAX_LATITUDE = 85.05112878;
    public static final double MAX_LONGITUDE = 180;

    private Coordinates() {
    }

    /** {@code latitude} and {@code longitude} of an object. */
    public static GeoPoint point(Fields location) {
        return new GeoPoint(latitude(location, "latitude"), longitude(location, "longitude"));
    }

    /** A latitude the geo index can hold, under the field {@code name} ({@code latitude}, or {@code lat}). */
    public static double latitude(Fields fields, String name) {
        return fields.numberIn(name, -MAX_LATITUDE, MAX_LATITUDE, ErrorCode.INVALID_COORDINATES);
    }

    /** A longitude, under the field {@code name} ({@code longitude}, or {@code lng}). */
    public static double longitude(Fields fields, String name) {
        return fields.numberIn(name, -MAX_LONGITUDE, MAX_LONGITUDE, ErrorCode.INVALID_COORDINATES);
    }

    /** A full fix: position plus the optional accuracy, speed, heading and altitude. */
    public static Reading reading(Fields location) {
        GeoPoint point = point(location);
        Double accuracy = location.optionalNumberIn("accuracy", 0, Double.MAX_VALUE, ErrorCode.OUT_OF_RANGE).orElse(null);
        Double speed = location.optionalNumberIn("speed", 0, Double.MAX_VALUE, ErrorCode.OUT_OF_RANGE).orElse(null);
        Double heading = location.optionalNumberIn("heading", 0, 360, ErrorCode.OUT_OF_RANGE).orElse(null);
        Double altitude = location.optionalNumber("altitude").orElse(null);
        return new Reading(point.latitude(), point.longitude(), accuracy, speed, heading, altitude);
    }

    /** No device reports a fix from before this; far older instants do not fit in epoch milliseconds. */
    static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

    /**
     * An ISO-8601 instant that may lie at most {@code skew} after {@code now}: {@code INVALID_VALUE} when it does
     * not parse, {@code OUT_OF_RANGE} when it lies too far ahead or before 2000.
     */
    public static Instant timestamp(Fields payload, String name, Instant now, Duration skew) {
        String text = payload.string(name);
        Instant instant;
        try {
            instant = Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidMessage(payload.pathOf(name), ErrorCode.INVALID_VALUE,
                    payload.pathOf(name) + " must be an ISO-8601 timestamp such as 2025-01-08T10:00:00Z");
        }
        if (instant.isAfter(now.plus(skew))) {
            throw new InvalidMessage(payload.pathOf(name), ErrorCode.OUT_OF_RANGE,
                    payload.pathOf(name) + " lies in the future");
        }
        if (instant.isBefore(EARLIEST)) {
            throw new InvalidMessage(payload.pathOf(name), ErrorCode.OUT_OF_RANGE,
                    payload.pathOf(name) + " lies before 2000");
        }
        return instant;
    }
}
