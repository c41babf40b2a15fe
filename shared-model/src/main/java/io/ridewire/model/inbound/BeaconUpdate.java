package io.ridewire.model.inbound;

import io.ridewire.model.geo.GeoPoint;
import io.ridewire.model.matching.Party;
import io.ridewire.model.protocol.Coordinates;
import io.ridewire.model.protocol.ErrorCode;
import io.ridewire.model.protocol.Fields;
import io.ridewire.model.protocol.InvalidMessage;

import java.util.Optional;
import java.util.Set;

/**
 * {@code beacon.update}: {@code is_active}, the sender's own {@code user_type}, and {@code location} (required when
 * going active). A driver also tells about themselves ({@code vehicle_info} required when going active,
 * {@code driver_info} optional); a passenger's are ignored.
 *
 * @param point   null when going inactive without a location
 * @param profile null for a passenger
 */
public record BeaconUpdate(boolean active, GeoPoint point, Profile profile) {
    static final int MAX_PLATE = 16;

    /** A driver's {@code vehicle_info} and {@code driver_info}; null fields keep what was recorded before. */
    public record Profile(String vehicleType, String licensePlate, String name, String phone, Double rating) {
    }

    public static BeaconUpdate read(Fields payload, Party sender, Set<String> vehicleTypes) {
        boolean active = payload.bool("is_active");
        Sides.require(payload, sender);
        Optional<Fields> location = active ? Optional.of(payload.object("location")) : payload.optionalObject("location");
        GeoPoint point = location.map(fields -> {
            GeoPoint read = Coordinates.point(fields);
            fields.optionalNumberIn("accuracy", 0, Double.MAX_VALUE, ErrorCode.OUT_OF_RANGE);
            return read;
        }).orElse(null);
        return new BeaconUpdate(active, point, sender == Party.DRIVER ? profile(payload, active, vehicleTypes) : null);
    }

    private static Profile profile(Fields payload, boolean active, Set<String> vehicleTypes) {
        Optional<Fields> vehicle = active ? Optional.of(payload.object("vehicle_info")) : payload.optionalObject("vehicle_info");
        String type = vehicle.map(v -> v.oneOf("type", vehicleTypes)).orElse(null);
        String plate = vehicle.flatMap(v -> v.optionalString("license_plate")).orElse(null);
        if (plate != null && plate.length() > MAX_PLATE) {
            throw new InvalidMessage("vehicle_info.license_plate", ErrorCode.INVALID_VALUE,
                    "vehicle_info.license_plate must be at most " + MAX_PLATE + " characters");
        }
        Optional<Fields> driver = payload.optionalObject("driver_info");
        String name = driver.flatMap(d -> d.optionalString("name")).orElse(null);
        String phone = driver.flatMap(d -> d.optionalString("phone")).orElse(null);
        Double rating = driver.flatMap(d -> d.optionalNumberIn("rating", 0, 5, ErrorCode.OUT_OF_RANGE)).orElse(null);
        return new Profile(type, plate, name, phone, rating);
    }
}
