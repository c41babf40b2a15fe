package io.ridewire.local.matching;

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
import java.util.function.Predicate;

import static io.ridewire.local.testing.WsClient.text;

/** Watches a subject of the stack's NATS (a plain subscription also sees what is published to JetStream). */
final class Nats implements AutoCloseable {
    private final Subscription subscription;
    private final JsonMapper json;

    Nats(LocalStack stack, String subject) {
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

    /** The next envelope whose {@code data} satisfies the predicate. */
    JsonNode await(Predicate<JsonNode> data, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                Message message = subscription.nextMessage(Duration.ofMillis(100));
                if (message == null) {
                    continue;
                }
                JsonNode envelope = json.readValue(message.getData(), JsonNode.class);
                if (data.test(envelope.get("data"))) {
                    return envelope;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new AssertionError("no matching event on " + subscription.getSubject() + " within " + timeout);
    }

    static Predicate<JsonNode> field(String path, String value) {
        return data -> Objects.equals(value, text(data, path));
    }

    @Override
    public void close() {
        subscription.unsubscribe();
    }
}
