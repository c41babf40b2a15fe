package io.ridewire.functions.payments;

import io.ridewire.model.payments.Payment;
import jakarta.inject.Singleton;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A payment provider of the tests, for a method only they select ({@value #METHOD}): it charges every payment,
 * idempotently by its charge id as {@link PaymentProvider} requires, counts what it took, and can be told to let the
 * process die right after taking the money, or to be down (answering nothing, taking nothing).
 */
@Singleton
class TestCardProvider implements PaymentProvider {
    static final String METHOD = "test_card";

    private final Map<String, Set<String>> chargesByPayment = new ConcurrentHashMap<>();
    private final Set<String> dying = ConcurrentHashMap.newKeySet();
    private final Set<String> down = ConcurrentHashMap.newKeySet();

    /** The next charge of {@code paymentId} takes the money, then throws as if the process died. */
    void dieAfterCharging(String paymentId) {
        dying.add(paymentId);
    }

    /** Charges of {@code paymentId} fail without taking the money until {@link #up} (the provider unreachable). */
    void down(String paymentId) {
        down.add(paymentId);
    }

    void up(String paymentId) {
        down.remove(paymentId);
    }

    /** How many distinct charges the payment had: the money taken that many times. */
    int charges(String paymentId) {
        return chargesByPayment.getOrDefault(paymentId, Set.of()).size();
    }

    @Override
    public String method() {
        return METHOD;
    }

    @Override
    public Charge charge(Payment payment) {
        String chargeId = Objects.requireNonNull(payment.chargeId(), "charged without a charge id");
        if (down.contains(payment.paymentId())) {
            throw new IllegalStateException("the provider is unreachable");
        }
        chargesByPayment.computeIfAbsent(payment.paymentId(), id -> ConcurrentHashMap.newKeySet()).add(chargeId);
        if (dying.remove(payment.paymentId())) {
            throw new IllegalStateException("the process died after the provider took the money");
        }
        return new Charge.Charged("test-" + chargeId);
    }
}
