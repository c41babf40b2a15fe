package io.ridewire.functions.payments;

import io.micronaut.context.ApplicationContext;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.ridewire.functions.aws.TableNames;
import io.ridewire.functions.testing.LostAnswers;
import io.ridewire.functions.testing.ServiceContext;
import io.ridewire.model.payments.Payment;
import io.ridewire.model.payments.PaymentFailure;
import io.ridewire.model.payments.PaymentMethods;
import io.ridewire.model.payments.PaymentStatus;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A payment's claim and its failure whose answers are lost after DynamoDB applied them (the SDK sees a 500 and sends
 * the same update again), against DynamoDB Local: the retry finds its own write and the attempt still holds the
 * payment, or still tells its failure, instead of finding the payment "taken" by itself.
 */
@MicronautTest(contextBuilder = ServiceContext.Shared.class)
class PaymentStoreRetryTest {
    @Inject
    ApplicationContext context;
    @Inject
    DynamoDbClient dynamo;
    @Inject
    TableNames tables;
    @Inject
    PaymentStore store;

    @Test
    void aClaimRetriedAfterItsAnswerWasLost_holdsThePayment() {
        Payment payment = pendingFare();
        String attempt = UUID.randomUUID().toString();
        AtomicInteger lost = new AtomicInteger();
        Instant now = Instant.now();

        var claimed = losingFirstUpdateAnswer(lost).claim(payment.paymentId(), attempt, PaymentMethods.WALLET, now,
                now.plusSeconds(30));

        assertThat(lost).as("the first answer was lost, so the SDK sent the claim again").hasValue(1);
        assertThat(claimed).hasValueSatisfying(p -> {
            assertThat(p.status()).isEqualTo(PaymentStatus.PROCESSING);
            assertThat(p.transactionId()).isEqualTo(attempt);
        });
        assertThat(store.claim(payment.paymentId(), UUID.randomUUID().toString(), PaymentMethods.WALLET, now,
                now.plusSeconds(30))).as("another attempt is still refused").isEmpty();
    }

    @Test
    void aFailureRetriedAfterItsAnswerWasLost_isStillTheAttemptsToTell_butNotAnotherAttempts() {
        Payment payment = pendingFare();
        String attempt = UUID.randomUUID().toString();
        Instant now = Instant.now();
        assertThat(store.claim(payment.paymentId(), attempt, PaymentMethods.WALLET, now, now.plusSeconds(30))).isPresent();
        AtomicInteger lost = new AtomicInteger();

        boolean told = losingFirstUpdateAnswer(lost).fail(payment.paymentId(), attempt,
                PaymentFailure.INSUFFICIENT_BALANCE, now);

        assertThat(lost).hasValue(1);
        assertThat(told).isTrue();
        assertThat(store.find(payment.paymentId())).get().extracting(Payment::status).isEqualTo(PaymentStatus.FAILED);
        assertThat(store.fail(payment.paymentId(), UUID.randomUUID().toString(), PaymentFailure.BUSY, now))
                .as("not the attempt that failed it").isFalse();
    }

    /** The store on a client whose first UpdateItem reaches DynamoDB but whose answer turns into a 500. */
    private PaymentStore losingFirstUpdateAnswer(AtomicInteger lost) {
        DynamoDbClient losing = LostAnswers.client(context, request -> request instanceof UpdateItemRequest, 1, lost);
        return new DynamoPaymentStore(losing, tables);
    }

    private Payment pendingFare() {
        return PendingFares.stored(store, dynamo);
    }
}
