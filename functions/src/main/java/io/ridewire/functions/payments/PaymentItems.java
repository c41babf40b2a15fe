package io.ridewire.functions.payments;

import io.ridewire.model.payments.Payment;
import io.ridewire.model.payments.PaymentFailure;
import io.ridewire.model.payments.PaymentKind;
import io.ridewire.model.payments.PaymentStatus;

import io.ridewire.model.billing.Settlement;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** A {@link Payment} as an item of the payments table, and back. Money items carry no TTL: they never expire. */
public final class PaymentItems {
    static final String PAYMENT_ID = "payment_id";
    static final String STATUS = "status";
    static final String TRANSACTION_ID = "transaction_id";
    static final String LEASE_UNTIL = "lease_until";

    private PaymentItems() {
    }

    public static Map<String, AttributeValue> toItem(Payment p) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PAYMENT_ID, s(p.paymentId()));
        item.put("ride_id", s(p.rideId()));
        item.put("kind", s(p.kind().wireName()));
        item.put("passenger_id", s(p.passengerId()));
        item.put("driver_id", s(p.driverId()));
        item.put("base_fare", n(p.baseFare()));
        item.put("amount", n(p.settlement().passengerPays()));
        item.put("driver_earnings", n(p.settlement().driverEarns()));
        item.put("admin_fee", n(p.settlement().platformEarns()));
        item.put(STATUS, s(p.status().wireName()));
        item.put("created_at", n(p.createdAt().toEpochMilli()));
        item.put("request_expires_at", n(p.requestExpiresAt().toEpochMilli()));
        item.put("attempts", n(p.attempts()));
        putS(item, "method", p.method());
        putS(item, TRANSACTION_ID, p.transactionId());
        if (p.leaseUntil() != null) {
            item.put(LEASE_UNTIL, n(p.leaseUntil().toEpochMilli()));
        }
        if (p.failure() != null) {
            item.put("failure_error", s(p.failure().error()));
            item.put("failure_message", s(p.failure().message()));
            item.put("failure_retry", AttributeValue.fromBool(p.failure().retryAllowed()));
        }
        if (p.paidAt() != null) {
            item.put("paid_at", n(p.paidAt().toEpochMilli()));
        }
        return item;
    }

    static Payment fromItem(Map<String, AttributeValue> item) {
        PaymentFailure failure = item.containsKey("failure_error")
                ? new PaymentFailure(str(item, "failure_error"), str(item, "failure_message"),
                item.get("failure_retry").bool())
                : null;
        return new Payment(str(item, PAYMENT_ID), str(item, "ride_id"), PaymentKind.fromWireName(str(item, "kind")),
                str(item, "passenger_id"), str(item, "driver_id"), lng(item, "base_fare"),
                new Settlement(lng(item, "amount"), lng(item, "driver_earnings"), lng(item, "admin_fee")),
                PaymentStatus.fromWireName(str(item, STATUS)).orElseThrow(), instant(item, "created_at"),
                instant(item, "request_expires_at"), str(item, "method"), str(item, TRANSACTION_ID),
                item.containsKey(LEASE_UNTIL) ? instant(item, LEASE_UNTIL) : null, (int) lng(item, "attempts"),
                failure, item.containsKey("paid_at") ? instant(item, "paid_at") : null);
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    private static void putS(Map<String, AttributeValue> item, String name, String value) {
        if (value != null) {
            item.put(name, s(value));
        }
    }

    private static String str(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    private static long lng(Map<String, AttributeValue> item, String name) {
        return Long.parseLong(item.get(name).n());
    }

    private static Instant instant(Map<String, AttributeValue> item, String name) {
        return Instant.ofEpochMilli(lng(item, name));
    }
}
