package io.ridewire.model.payments;

import io.ridewire.model.billing.Settlement;

import java.time.Instant;

/**
 * A payment the passenger owes for a ride, and the one attempt at a time that may settle it.
 *
 * @param baseFare         the fare before the driver's adjustment (for the NATS breakdown)
 * @param settlement       amount, driver's earnings, platform fee
 * @param requestExpiresAt the {@code expires_at} of {@code payment.request}
 * @param method           of the current or last attempt, null before any
 * @param transactionId    of the current or last attempt, null before any
 * @param leaseUntil       while processing: until when the attempt holds the payment
 * @param attempts         attempts started so far
 * @param failure          of the last attempt when failed, else null
 * @param failedAt         when that attempt failed, else null
 * @param paidAt           when paid, else null
 * @param chargeMethod     the method of an outside charge started and not declined, null when none: while set, only
 *                         that method may be tried again, as the provider may have taken the money
 * @param chargeId         that charge's idempotency key for its provider: the attempt that started it
 */
public record Payment(
        String paymentId,
        String rideId,
        PaymentKind kind,
        String passengerId,
        String driverId,
        long baseFare,
        Settlement settlement,
        PaymentStatus status,
        Instant createdAt,
        Instant requestExpiresAt,
        String method,
        String transactionId,
        Instant leaseUntil,
        int attempts,
        PaymentFailure failure,
        Instant failedAt,
        Instant paidAt,
        String chargeMethod,
        String chargeId) {

    /** A new, pending payment. */
    public static Payment request(String paymentId, String rideId, PaymentKind kind, String passengerId,
                                  String driverId, long baseFare, Settlement settlement, Instant now,
                                  Instant expiresAt) {
        return new Payment(paymentId, rideId, kind, passengerId, driverId, baseFare, settlement, PaymentStatus.PENDING,
                now, expiresAt, null, null, null, 0, null, null, null, null, null);
    }

    public long amount() {
        return settlement.passengerPays();
    }

    /** Whether an attempt by {@code method} may start now, as far as an outside charge already started goes. */
    public boolean chargeAllows(String method) {
        return chargeMethod == null || chargeMethod.equals(method);
    }

    /** Whether an attempt may start now: never when paid, not while another attempt's lease runs. */
    public boolean open(Instant now) {
        return switch (status) {
            case PENDING, FAILED -> true;
            case PROCESSING -> leaseUntil == null || !leaseUntil.isAfter(now);
            case PAID -> false;
        };
    }
}
