package io.ridewire.model.protocol;

import io.ridewire.model.geo.GeoPoint;
import io.ridewire.model.location.Reading;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Reads positions and GPS fixes from a payload, naming the field and code of the first bad value: latitude and
 * longitude out of range are {@code INVALID_COORDINATES} (the spec's code); accuracy, speed (≥ 0) and heading
 * (0..360) are {@code OUT_OF_RANGE}.
 */
public final class Coordinates {
    private Coordinates() {
    }

    /** {@code latitude} and {@code longitude} of an object. */
    public static GeoPoint point(Fields location) {
        double latitude = location.numberIn("latitude", -90, 90, ErrorCode.INVALID_COORDINATES);
        double longitude = location.numberIn("longitude", -180, 180, ErrorCode.INVALID_COORDINATES);
        return new GeoPoint(latitude, longitude);
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
