package io.ridewire.model.rides;

import io.ridewire.model.billing.Billing;
import io.ridewire.model.geo.GeoPoint;
import io.ridewire.model.matching.Place;

import java.math.BigDecimal;
import java.time.Instant;

/** How a ride ended: a closed set, each with what was billed. */
public sealed interface RideOutcome {

    /** The ride's status once ended. */
    String status();

    /** The payment the outcome asks for, or null when there is nothing to pay. */
    String paymentId();

    /** The driver signalled arrival: billed by distance and the driver's adjustment. */
    record Completed(Place end, BigDecimal distanceKm, int durationMinutes, Billing billing, String adjustmentReason,
                     String paymentId, Instant completedAt) implements RideOutcome {
        public String status() {
            return "completed";
        }
    }

    /**
     * Either side called the ride off before arrival.
     *
     * @param cancelledBy     {@code driver} or {@code passenger}
     * @param cancellationFee what the passenger owes for it (0 when the driver cancelled)
     * @param paymentId       the fee's payment, null when the fee is 0
     */
    record Cancelled(String cancelledBy, String reason, GeoPoint location, BigDecimal distanceKm, int durationMinutes,
                     long cancellationFee, String paymentId, Instant cancelledAt) implements RideOutcome {
        public String status() {
            return "cancelled";
        }
    }
}
