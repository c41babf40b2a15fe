package io.ridewire.bridge.relay;

import jakarta.inject.Singleton;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import io.ridewire.functions.events.NatsConnection;

import java.io.IOException;

/**
 * Parks what cannot be delivered on the dead-letter stream ({@code dlq.<original subject>}), with the reason and
 * the delivery count in headers, where an operator can read, fix and republish it.
 */
@Singleton
public final class DeadLetters {
    public static final String REASON = "Ridewire-Dlq-Reason";
    public static final String ORIGINAL_SUBJECT = "Ridewire-Original-Subject";
    public static final String DELIVERIES = "Ridewire-Deliveries";

    private final NatsConnection nats;

    public DeadLetters(NatsConnection nats) {
        this.nats = nats;
    }

    /** Publishes the message to the DLQ; only then may the original be acknowledged. */
    public void park(Message message, String originalSubject, String reason) throws IOException {
        Headers headers = new Headers()
                .put(REASON, reason)
                .put(ORIGINAL_SUBJECT, originalSubject)
                .put(DELIVERIES, Long.toString(message.metaData().deliveredCount()))
                .put("Nats-Msg-Id", "dlq-" + message.metaData().getStream() + "-" + message.metaData().streamSequence());
        try {
            nats.jetStream().orElseThrow(() -> new IOException("NATS unreachable"))
                    .publish(nats.subject("dlq." + originalSubject), headers, message.getData());
        } catch (JetStreamApiException e) {
            throw new IOException(e);
        }
    }
}
