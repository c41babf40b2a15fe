package io.ridewire.bridge.welcome;

import io.ridewire.bridge.ops.AsBridge;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.nats.client.ConsumeOptions;
import io.nats.client.ConsumerContext;
import io.nats.client.Message;
import io.nats.client.MessageConsumer;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.ridewire.deployment.BridgeCatalogue;
import io.ridewire.functions.connections.Welcome;
import io.ridewire.functions.events.NatsConnection;
import io.ridewire.model.events.SessionStarted;
import io.ridewire.deployment.StreamCatalogue;
import io.ridewire.model.events.Subjects;
import io.ridewire.functions.push.Delivery.Outcome;
import jakarta.inject.Singleton;
import io.ridewire.functions.observability.LogContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;

/**
 * The long-lived consumer of {@code user.session.started} that welcomes each new connection. It runs in the local
 * stack and in the bridge container: a Lambda cannot keep retrying after {@code $connect} has returned. Its DynamoDB
 * calls are the bridge's ({@link BridgeCatalogue#PRINCIPAL}).
 */
@Singleton
public class WelcomeRelay implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WelcomeRelay.class);

    private final NatsConnection nats;
    private final Welcome welcome;
    /** Sessions older than this are not welcomed any more. */
    private static final Duration STALE = Duration.ofMinutes(1);

    private final JsonMapper json;
    private final Clock clock;
    private MessageConsumer consumer;
    private boolean resubscribing;

    public WelcomeRelay(NatsConnection nats, Welcome welcome, JsonMapper json, Clock clock) {
        this.clock = clock;
        this.nats = nats;
        this.welcome = welcome;
        this.json = json;
    }

    /**
     * Ensures the stream and the durable pull consumer — shared by every process that welcomes, so each session is
     * welcomed by one of them — and starts welcoming.
     */
    public synchronized void start() throws IOException {
        if (consumer != null) {
            return;
        }
        subscribe();
        if (!resubscribing) {
            resubscribing = true;
            // a restarted server: consume again at once rather than when the heartbeat alarm notices
            nats.whenReconnected("welcome consumer", this::resubscribe);
        }
    }

    private synchronized void resubscribe() throws IOException {
        if (consumer == null) {
            return;
        }
        consumer.stop();
        subscribe();
    }

    private void subscribe() throws IOException {
        try {
            nats.ensureStream(StreamCatalogue.USERS);
            ConsumerContext context = nats.ensurePullConsumer(StreamCatalogue.USERS, ConsumerConfiguration.builder()
                            .durable(nats.settings().getStreamPrefix() + "welcome")
                            .filterSubject(nats.subject(Subjects.USER_SESSION_STARTED))
                            .ackPolicy(AckPolicy.Explicit)
                            .ackWait(Duration.ofSeconds(30))
                            .deliverPolicy(DeliverPolicy.New)
                            .maxAckPending(20_000)
                            .build());
            consumer = context.consume(ConsumeOptions.builder().batchSize(256).build(), this::onMessage);
        } catch (io.nats.client.JetStreamApiException e) {
            throw new IOException(e);
        }
    }

    private void onMessage(Message message) {
        Thread.ofVirtual().start(() -> {
            SessionStarted session;
            try {
                session = decode(message.getData());
            } catch (IOException | RuntimeException e) {
                LOG.warn("dropping malformed {} message: {}", Subjects.USER_SESSION_STARTED, e.toString());
                message.term();
                return;
            }
            try {
                AsBridge.run(() -> welcome(message, session));
            } catch (RuntimeException e) {
                // NATS closed under the ack, say: not the message's fault, so it comes again after the ack wait
                LOG.warn("{} of {} not settled ({}); JetStream will redeliver it", Subjects.USER_SESSION_STARTED,
                        session.sessionId(), e.toString());
            }
        });
    }

    private void welcome(Message message, SessionStarted session) {
        if (session.startedAt() != null && session.startedAt().isBefore(clock.instant().minus(STALE))) {
            // a backlog (a relay that was down, a replaced consumer): that handshake is long over
            message.ack();
            return;
        }
        Outcome outcome;
        try (LogContext ids = LogContext.forMessage(message, Subjects.USER_SESSION_STARTED)
                .put(LogContext.CONNECTION_ID, session.sessionId()).put(LogContext.USER_ID, session.userId())) {
            outcome = welcome.deliver(session);
        }
        if (outcome == Outcome.FAILED) {
            message.nakWithDelay(Duration.ofMillis(200));
        } else {
            message.ack();
        }
    }

    private SessionStarted decode(byte[] data) throws IOException {
        JsonNode envelope = json.readValue(data, JsonNode.class);
        JsonNode session = envelope == null ? null : envelope.get("data");
        if (session == null || !session.isObject()) {
            throw new IOException("envelope without data");
        }
        return json.readValueFromTree(session, SessionStarted.class);
    }

    @Override
    public synchronized void close() {
        if (consumer != null) {
            consumer.stop();
            consumer = null;
        }
    }
}
