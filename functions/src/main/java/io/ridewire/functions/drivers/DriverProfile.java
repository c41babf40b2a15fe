package io.ridewire.functions.drivers;

/**
 * What a driver tells about themselves in {@code beacon.update}: vehicle type and plate ({@code vehicle_info}),
 * and optionally name, phone and rating ({@code driver_info}). Null fields keep what was recorded before.
 */
public record DriverProfile(String vehicleType, String licensePlate, String name, String phone, Double rating) {
}
