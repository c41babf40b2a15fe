package io.ridewire.functions.payments;

import io.ridewire.model.billing.Settlement;
import io.ridewire.model.payments.Payment;
import io.ridewire.model.payments.PaymentKind;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Duration;
import java.time.Instant;

import static io.ridewire.functions.testing.Places.unique;

/** A pending fare of a ride that just ended, stored the way the ride's end stores it: the payment tests' start. */
final class PendingFares {
    /** The fare's split: the passenger pays 8,640, the driver gets 8,208, the platform 432. */
    static final Settlement FARE = new Settlement(8640, 8208, 432);

    private PendingFares() {
    }

    static Payment stored(PaymentStore store, DynamoDbClient dynamo) {
        Instant now = Instant.now();
        Payment payment = Payment.request(unique("pay"), unique("ride"), PaymentKind.RIDE_FARE, unique("passenger"),
                unique("driver"), 9600, FARE, now, now.plus(Duration.ofMinutes(15)));
        dynamo.transactWriteItems(b -> b.transactItems(store.create(payment)));
        return payment;
    }
}
