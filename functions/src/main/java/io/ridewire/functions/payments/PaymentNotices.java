package io.ridewire.functions.payments;

import io.ridewire.model.payments.Payment;
import io.ridewire.model.payments.PaymentFailure;
import io.ridewire.model.payments.PaymentMethods;
import io.ridewire.model.payments.PaymentStatus;

import io.ridewire.model.billing.Money;
import io.ridewire.functions.delivery.DurableDelivery;
import io.ridewire.functions.delivery.Inbox;
import io.ridewire.functions.events.PublishQueue;
import io.ridewire.deployment.StreamCatalogue;
import io.ridewire.model.events.Subjects;
import io.ridewire.model.events.Trace;
import io.ridewire.model.payments.payload.PaymentCompleted;
import io.ridewire.model.payments.payload.PaymentEventData;
import io.ridewire.model.payments.payload.PaymentFailed;
import io.ridewire.model.payments.payload.PaymentProcessing;
import io.ridewire.model.payments.payload.PaymentRequest;
import io.ridewire.model.protocol.EventType;
import io.ridewire.model.protocol.ServerMessage;
import io.ridewire.functions.push.Audience;
import io.ridewire.functions.push.Push;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.List;

/**
 * What payments tell people and the platform. {@code payment.request} (critical), {@code payment.completed} and
 * {@code payment.failed} go through durable delivery — stored per user with a seq, so a reconnecting app gets them
 * with {@code sync} — under ids derived from the payment (and attempt), so a repeated send stores nothing new;
 * {@code payment.processing} is pushed. The NATS events follow spec 002.
 */
@Singleton
public class PaymentNotices {

    private final DurableDelivery delivery;
    private final Push push;
    private final PublishQueue events;
    private final PaymentSettings settings;
    private final PaymentProviders providers;

    public PaymentNotices(DurableDelivery delivery, Push push, PublishQueue events,
                          PaymentSettings settings, PaymentProviders providers) {
        this.delivery = delivery;
        this.push = push;
        this.events = events;
        this.settings = settings;
        this.providers = providers;
    }

    /** The methods a payment can be made by now: the wallet, and those with a provider configured. */
    public List<String> availableMethods() {
        return settings.getMethods().stream()
                .filter(m -> PaymentMethods.WALLET.equals(m) || providers.forMethod(m).isPresent())
                .toList();
    }

    public PaymentRequest request(Payment p) {
        return new PaymentRequest(p.rideId(), p.paymentId(), p.amount(), Money.CURRENCY, availableMethods(),
                p.requestExpiresAt());
    }

    /** Asks the passenger to pay (re-sent until acknowledged) and tells the platform, each once however often. */
    public void requested(Payment p, Trace trace) {
        delivery.send(Inbox.user(p.passengerId()), "payment.request:" + p.paymentId(), EventType.PAYMENT_REQUEST,
                request(p));
        events.publishOwed(StreamCatalogue.PAYMENTS, "payment.requested:" + p.paymentId(), Subjects.PAYMENT_REQUESTED,
                new PaymentEventData.Requested(p.paymentId(), p.rideId(), p.passengerId(),
                p.driverId(), p.amount(), Money.CURRENCY, p.kind().wireName(),
                new PaymentEventData.Breakdown(p.baseFare(), p.amount() - p.baseFare(),
                        p.settlement().platformEarns(), p.settlement().driverEarns()),
                availableMethods(), p.requestExpiresAt()), trace);
    }

    public PaymentProcessing processing(Payment p) {
        return new PaymentProcessing(p.paymentId(), p.rideId(), p.amount(), p.method(),
                io.ridewire.model.payments.PaymentStatus.PROCESSING.wireName(), p.transactionId());
    }

    /** An attempt holds the payment: the passenger sees it processing, as the answer to their selection. */
    void processingStarted(Payment p, String replyId) {
        ServerMessage message = replyId == null ? Push.event(EventType.PAYMENT_PROCESSING, processing(p))
                : ServerMessage.of(EventType.PAYMENT_PROCESSING, replyId, processing(p));
        push.deliver(Audience.user(p.passengerId()), message);
    }

    public PaymentCompleted completed(Payment paid) {
        return new PaymentCompleted(paid.paymentId(), paid.rideId(), paid.amount(), paid.method(),
                paid.transactionId(), paid.settlement().driverEarns(), paid.settlement().platformEarns(),
                paid.paidAt());
    }

    /**
     * Tells both parties and the platform the payment is complete, each once however often: what the settlement's
     * outbox entry owes ({@link PaymentCompletions}), so the NATS event is published before this returns or it throws.
     */
    void paid(Payment paid, long processingMillis, Trace trace) {
        PaymentCompleted payload = completed(paid);
        String eventId = "payment.completed:" + paid.paymentId();
        delivery.send(Inbox.user(paid.passengerId()), eventId, EventType.PAYMENT_COMPLETED, payload);
        delivery.send(Inbox.user(paid.driverId()), eventId, EventType.PAYMENT_COMPLETED, payload);
        events.publishOwed(StreamCatalogue.PAYMENTS, eventId, Subjects.PAYMENT_COMPLETED,
                new PaymentEventData.Completed(paid.paymentId(), paid.rideId(), paid.passengerId(), paid.driverId(),
                        paid.amount(), Money.CURRENCY, paid.method(), paid.transactionId(), processingMillis,
                        new PaymentEventData.Fees(paid.settlement().platformEarns(), 0),
                        new PaymentEventData.DriverPayout(paid.settlement().driverEarns(), PaymentMethods.WALLET,
                                paid.transactionId()), paid.paidAt()), trace);
    }

    public PaymentFailed failed(Payment p, String method, PaymentFailure failure, Instant at) {
        return new PaymentFailed(p.paymentId(), p.rideId(), p.amount(), method, failure.error(), failure.message(),
                failure.retryAllowed(), at);
    }

    /**
     * Tells the passenger (durably: a failed attempt must not go unnoticed) and the platform an attempt failed, each
     * once however often (an attempt's failure told again after a crash, by {@link LapsedAttempts}).
     */
    void attemptFailed(Payment attempt, PaymentFailure failure, Instant at, Trace trace) {
        String eventId = "payment.failed:" + attempt.paymentId() + ":" + attempt.transactionId();
        delivery.send(Inbox.user(attempt.passengerId()), eventId, EventType.PAYMENT_FAILED,
                failed(attempt, attempt.method(), failure, at));
        events.publish(StreamCatalogue.PAYMENTS, eventId, Subjects.PAYMENT_FAILED,
                failedEvent(attempt, attempt.method(), failure, at), trace);
    }

    /** Tells the platform of a refusal the passenger gets as a reply (an unavailable method). */
    void publishFailed(Payment p, String method, PaymentFailure failure, Instant at, Trace trace) {
        events.publish(StreamCatalogue.PAYMENTS, Subjects.PAYMENT_FAILED, failedEvent(p, method, failure, at), trace);
    }

    private static PaymentEventData.Failed failedEvent(Payment p, String method, PaymentFailure failure, Instant at) {
        return new PaymentEventData.Failed(p.paymentId(), p.rideId(), p.passengerId(), p.amount(), Money.CURRENCY,
                method, failure.errorCode(), failure.message(), failure.retryAllowed(), p.attempts(), at);
    }
}
