package io.ridewire.functions.payments;

import io.ridewire.model.payments.Payment;
import io.ridewire.model.payments.PaymentFailure;
import io.ridewire.model.payments.PaymentKind;
import io.ridewire.model.payments.PaymentStatus;

import io.ridewire.model.billing.Settlement;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.HashMap;
import java.util.Map;

import static io.ridewire.functions.aws.Dynamo.instant;
import static io.ridewire.functions.aws.Dynamo.longNumber;
import static io.ridewire.functions.aws.Dynamo.n;
import static io.ridewire.functions.aws.Dynamo.putS;
import static io.ridewire.functions.aws.Dynamo.s;
import static io.ridewire.functions.aws.Dynamo.string;

/** A {@link Payment} as an item of the payments table, and back. Money items carry no TTL: they never expire. */
public final class PaymentItems {
    static final String PAYMENT_ID = "payment_id";
    static final String STATUS = "status";
    static final String TRANSACTION_ID = "transaction_id";
    static final String LEASE_UNTIL = "lease_until";
    static final String CHARGE_METHOD = "charge_method";
    static final String CHARGE_ID = "charge_id";
    static final String FAILED_AT = "failed_at";

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
        if (p.failedAt() != null) {
            item.put(FAILED_AT, n(p.failedAt().toEpochMilli()));
        }
        if (p.paidAt() != null) {
            item.put("paid_at", n(p.paidAt().toEpochMilli()));
        }
        putS(item, CHARGE_METHOD, p.chargeMethod());
        putS(item, CHARGE_ID, p.chargeId());
        return item;
    }

    static Payment fromItem(Map<String, AttributeValue> item) {
        PaymentFailure failure = item.containsKey("failure_error")
                ? new PaymentFailure(string(item, "failure_error"), string(item, "failure_message"),
                item.get("failure_retry").bool())
                : null;
        return new Payment(string(item, PAYMENT_ID), string(item, "ride_id"), PaymentKind.fromWireName(string(item, "kind")),
                string(item, "passenger_id"), string(item, "driver_id"), longNumber(item, "base_fare"),
                new Settlement(longNumber(item, "amount"), longNumber(item, "driver_earnings"), longNumber(item, "admin_fee")),
                PaymentStatus.fromWireName(string(item, STATUS)).orElseThrow(), instant(item, "created_at"),
                instant(item, "request_expires_at"), string(item, "method"), string(item, TRANSACTION_ID),
                item.containsKey(LEASE_UNTIL) ? instant(item, LEASE_UNTIL) : null, (int) longNumber(item, "attempts"),
                failure, item.containsKey(FAILED_AT) ? instant(item, FAILED_AT) : null,
                item.containsKey("paid_at") ? instant(item, "paid_at") : null, string(item, CHARGE_METHOD),
                string(item, CHARGE_ID));
    }
}
