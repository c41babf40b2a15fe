package io.ridewire.local.rides;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Subscription;
import io.ridewire.functions.events.NatsConnection;
import io.ridewire.local.LocalStack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Objects;

import static io.ridewire.local.testing.WsClient.text;

/** Watches a subject of the stack's NATS (a plain subscription also sees what is published to JetStream). */
final class NatsWatch implements AutoCloseable {
    private final Subscription subscription;
    private final JsonMapper json;

    NatsWatch(LocalStack stack, String subject) {
        NatsConnection nats = stack.context().getBean(NatsConnection.class);
        Connection connection = nats.connection().orElseThrow();
        this.subscription = connection.subscribe(nats.subject(subject));
        this.json = stack.context().getBean(JsonMapper.class);
        try {
            connection.flush(Duration.ofSeconds(2));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The next envelope whose {@code data.<field>} equals the value. */
    JsonNode await(String field, String value) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        try {
            while (System.nanoTime() < deadline) {
                Message message = subscription.nextMessage(Duration.ofMillis(100));
                if (message == null) {
                    continue;
                }
                JsonNode envelope = json.readValue(message.getData(), JsonNode.class);
                if (Objects.equals(value, text(envelope, "data." + field))) {
                    return envelope;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new AssertionError("no event with data." + field + "=" + value + " on " + subscription.getSubject());
    }

    @Override
    public void close() {
        subscription.unsubscribe();
    }
}
