package io.ridewire.functions.rides;

import io.ridewire.model.rides.Ride;
import io.ridewire.model.rides.RideOutcome;

import io.ridewire.model.billing.Billing;
import io.ridewire.model.geo.GeoPoint;
import io.ridewire.model.matching.Place;
import io.ridewire.model.rides.RideOutcome.Cancelled;
import io.ridewire.model.rides.RideOutcome.Completed;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;

import static io.ridewire.functions.aws.Dynamo.bigDecimal;
import static io.ridewire.functions.aws.Dynamo.decimal;
import static io.ridewire.functions.aws.Dynamo.instant;
import static io.ridewire.functions.aws.Dynamo.longNumber;
import static io.ridewire.functions.aws.Dynamo.n;
import static io.ridewire.functions.aws.Dynamo.putS;
import static io.ridewire.functions.aws.Dynamo.s;
import static io.ridewire.functions.aws.Dynamo.string;

/** A {@link Ride} as an item of the rides table, and back: flat attributes, times in epoch milliseconds. */
final class RideItems {
    static final String RIDE_ID = "ride_id";
    static final String STATUS = "status";

    private RideItems() {
    }

    /** What the odometer made of the ride's fixes, kept with the ride for support. */
    record Trip(double metres, long countedFixes, Map<String, Long> droppedFixes) {
    }

    static Map<String, AttributeValue> toItem(Ride ride, Trip trip) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(RIDE_ID, s(ride.rideId()));
        item.put("match_id", s(ride.matchId()));
        item.put("driver_id", s(ride.driverId()));
        item.put("passenger_id", s(ride.passengerId()));
        place(item, "pickup", ride.pickup());
        place(item, "destination", ride.destination());
        place(item, "start", ride.start());
        item.put("rate_per_km", n(ride.ratePerKm()));
        item.put("admin_fee_percent", decimal(ride.adminFeePercent()));
        item.put("started_at", n(ride.startedAt().toEpochMilli()));
        item.put(STATUS, s(ride.status()));
        switch (ride.outcome()) {
            case null -> {
            }
            case Completed c -> {
                place(item, "end", c.end());
                item.put("distance_km", n(c.distanceKm()));
                item.put("duration_minutes", n(c.durationMinutes()));
                Billing b = c.billing();
                item.put("base_fare", n(b.baseFare()));
                item.put("adjustment_factor", decimal(b.adjustmentFactor()));
                item.put("adjusted_fare", n(b.adjustedFare()));
                item.put("bill_admin_fee_percent", decimal(b.adminFeePercent()));
                item.put("admin_fee", n(b.adminFee()));
                item.put("final_fare", n(b.finalFare()));
                putS(item, "adjustment_reason", c.adjustmentReason());
                item.put("payment_id", s(c.paymentId()));
                item.put("completed_at", n(c.completedAt().toEpochMilli()));
            }
            case Cancelled c -> {
                item.put("cancelled_by", s(c.cancelledBy()));
                item.put("cancel_reason", s(c.reason()));
                if (c.location() != null) {
                    item.put("cancel_lat", n(c.location().latitude()));
                    item.put("cancel_lon", n(c.location().longitude()));
                }
                item.put("distance_km", n(c.distanceKm()));
                item.put("duration_minutes", n(c.durationMinutes()));
                item.put("cancellation_fee", n(c.cancellationFee()));
                putS(item, "payment_id", c.paymentId());
                item.put("cancelled_at", n(c.cancelledAt().toEpochMilli()));
            }
        }
        if (trip != null) {
            item.put("trip_metres", n(BigDecimal.valueOf(trip.metres())));
            item.put("counted_fixes", n(trip.countedFixes()));
            Map<String, AttributeValue> dropped = new HashMap<>();
            trip.droppedFixes().forEach((reason, count) -> dropped.put(reason, n(count)));
            item.put("dropped_fixes", AttributeValue.fromM(dropped));
        }
        return item;
    }

    static Ride fromItem(Map<String, AttributeValue> item) {
        RideOutcome outcome = switch (string(item, STATUS)) {
            case Ride.IN_PROGRESS -> null;
            case "completed" -> new Completed(place(item, "end"), bigDecimal(item, "distance_km"),
                    (int) longNumber(item, "duration_minutes"),
                    new Billing(longNumber(item, "base_fare"), decimal(item, "adjustment_factor"), longNumber(item, "adjusted_fare"),
                            decimal(item, "bill_admin_fee_percent"), longNumber(item, "admin_fee"), longNumber(item, "final_fare")),
                    string(item, "adjustment_reason"), string(item, "payment_id"), instant(item, "completed_at"));
            case "cancelled" -> new Cancelled(string(item, "cancelled_by"), string(item, "cancel_reason"),
                    item.containsKey("cancel_lat") ? GeoPoint.of(bigDecimal(item, "cancel_lat").doubleValue(),
                            bigDecimal(item, "cancel_lon").doubleValue()) : null,
                    bigDecimal(item, "distance_km"), (int) longNumber(item, "duration_minutes"), longNumber(item, "cancellation_fee"),
                    string(item, "payment_id"), instant(item, "cancelled_at"));
            default -> throw new IllegalStateException("unknown ride status " + string(item, STATUS));
        };
        return new Ride(string(item, RIDE_ID), string(item, "match_id"), string(item, "driver_id"), string(item, "passenger_id"),
                place(item, "pickup"), place(item, "destination"), place(item, "start"), longNumber(item, "rate_per_km"),
                decimal(item, "admin_fee_percent"), instant(item, "started_at"), outcome);
    }

    static Trip trip(Map<String, AttributeValue> item) {
        if (!item.containsKey("trip_metres")) {
            return null;
        }
        Map<String, Long> dropped = new HashMap<>();
        item.get("dropped_fixes").m().forEach((reason, count) -> dropped.put(reason, Long.parseLong(count.n())));
        return new Trip(bigDecimal(item, "trip_metres").doubleValue(), longNumber(item, "counted_fixes"), dropped);
    }

    private static void place(Map<String, AttributeValue> item, String prefix, Place place) {
        item.put(prefix + "_lat", n(BigDecimal.valueOf(place.latitude())));
        item.put(prefix + "_lon", n(BigDecimal.valueOf(place.longitude())));
        putS(item, prefix + "_address", place.address());
    }

    private static Place place(Map<String, AttributeValue> item, String prefix) {
        return new Place(bigDecimal(item, prefix + "_lat").doubleValue(), bigDecimal(item, prefix + "_lon").doubleValue(),
                string(item, prefix + "_address"));
    }
}
