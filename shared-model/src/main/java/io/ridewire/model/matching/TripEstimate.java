package io.ridewire.model.matching;

import io.ridewire.model.geo.TravelTime;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * What a proposal tells both sides about the trip: distance (straight line, to 0.01 km), duration at the average
 * speed, and fare at the rate per km in whole rupiah, rounded half-up — 3.2 km at 3000/km is 9600.
 */
public record TripEstimate(double distanceKm, int durationMinutes, long fare) {

    public static TripEstimate of(Place pickup, Place destination, double averageSpeedKmh, long ratePerKm) {
        BigDecimal distance = BigDecimal.valueOf(pickup.point().distanceKmTo(destination.point()))
                .setScale(2, RoundingMode.HALF_UP);
        return of(distance, averageSpeedKmh, ratePerKm);
    }

    public static TripEstimate of(BigDecimal distanceKm, double averageSpeedKmh, long ratePerKm) {
        long fare = distanceKm.multiply(BigDecimal.valueOf(ratePerKm)).setScale(0, RoundingMode.HALF_UP).longValueExact();
        return new TripEstimate(distanceKm.doubleValue(), TravelTime.minutes(distanceKm.doubleValue(), averageSpeedKmh),
                fare);
    }
}
