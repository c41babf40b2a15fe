package io.ridewire.model.rides.payload;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.ridewire.model.geo.GeoPoint;

import java.time.Instant;

/**
 * {@code ride.cancelled}, to both parties: the NATS event's fields (spec 002) without {@code status}, plus
 * {@code payment_id} when a cancellation fee is owed (a {@code payment.request} for it follows).
 */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RideCancelled(String rideId, String driverId, String passengerId, String cancelledBy, String reason,
                            GeoPoint cancellationLocation, PartialBilling partialBilling, String paymentId,
                            Instant cancelledAt) {
}
