package io.ridewire.model.rides.payload;

import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

/** {@code partial_billing} of a cancelled ride: how far it went, and the fee the passenger owes for cancelling. */
@Serdeable(naming = SnakeCaseStrategy.class)
public record PartialBilling(double distanceTraveledKm, int durationMinutes, long cancellationFee, String currency) {
}
