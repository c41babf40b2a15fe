package io.ridewire.model.matching;

import io.ridewire.model.geo.GeoPoint;

/**
 * A driver as proposed for a match: who, with what vehicle, where they were and how far from the pickup.
 *
 * @param rating       null when unknown
 * @param location     where the driver was when proposed
 * @param distanceKm   from the driver to the pickup
 */
public record DriverOffer(
        String driverId,
        String name,
        String phone,
        String vehicleType,
        String licensePlate,
        Double rating,
        GeoPoint location,
        double distanceKm) {
}
