package io.ridewire.bridge.relay;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.nats.client.Message;
import io.ridewire.bridge.ops.BridgeMetrics;
import io.ridewire.bridge.routing.BridgeRoute;
import io.ridewire.bridge.routing.JsonPath;
import io.ridewire.bridge.routing.Recipient;
import io.ridewire.connections.ConnectionRegistry;
import io.ridewire.delivery.DurableDelivery;
import io.ridewire.delivery.Inbox;
import io.ridewire.protocol.EventType;
import io.ridewire.identity.Role;
import io.ridewire.protocol.ServerMessage;
import io.ridewire.protocol.WireFormat;
import io.ridewire.push.Delivery.Outcome;
import io.ridewire.push.Push;
import io.ridewire.rooms.RoomDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Relays one JetStream message to the sockets its route names — directly, or through the recipients' durable
 * inboxes for durable routes. It acknowledges only once every recipient connection was posted to or is known gone
 * (or the event is stored); a transient failure is retried with the category's backoff, and
 * after the last try the message goes to the DLQ. Malformed or unroutable messages go to the DLQ at once. The
 * client event's {@code id} is the envelope's {@code event_id}, and the delivery ledger drops pairs already
 * delivered, so a redelivered message never reaches a connection twice.
 */
public final class Relay {
    private static final Logger LOG = LoggerFactory.getLogger(Relay.class);
    private static final List<String> REQUIRED = List.of("event_id", "event_type", "timestamp", "version");

    private final JsonMapper json;
    private final WireFormat wire;
    private final Push push;
    private final ConnectionRegistry registry;
    private final RoomDirectory rooms;
    private final DeliveryLedger ledger;
    private final DeadLetters deadLetters;
    private final DurableDelivery delivery;
    private final RetryPolicies retries;
    private final Set<String> ownSources;
    private final BridgeMetrics metrics;
    private final ExecutorService posts = Executors.newVirtualThreadPerTaskExecutor();

    public Relay(JsonMapper json, WireFormat wire, Push push, ConnectionRegistry registry, RoomDirectory rooms,
                 DeliveryLedger ledger, DeadLetters deadLetters, DurableDelivery delivery, RetryPolicies retries,
                 Set<String> ownSources, BridgeMetrics metrics) {
        this.json = json;
        this.wire = wire;
        this.push = push;
        this.registry = registry;
        this.rooms = rooms;
        this.ledger = ledger;
        this.deadLetters = deadLetters;
        this.delivery = delivery;
        this.retries = retries;
        this.ownSources = ownSources;
        this.metrics = metrics;
    }

    /** The fate of one message. */
    public enum Verdict {
        ACKED,
        RETRY,
        DEAD_LETTERED,
        IGNORED
    }

    public Verdict relay(Message message, BridgeRoute route) {
        metrics.messages.incrementAndGet();
        JsonNode envelope;
        try {
            envelope = json.readValue(message.getData(), JsonNode.class);
        } catch (IOException | RuntimeException e) {
            return deadLetter(message, route, "malformed: not JSON");
        }
        if (envelope == null || !envelope.isObject()) {
            return deadLetter(message, route, "malformed: not a JSON object");
        }
        for (String field : REQUIRED) {
            JsonNode value = envelope.get(field);
            if (value == null || value.isNull() || value.coerceStringValue().isBlank()) {
                return deadLetter(message, route, "malformed: missing " + field);
            }
        }
        JsonNode source = envelope.get("source_service");
        if (source != null && ownSources.contains(source.coerceStringValue())) {
            metrics.ignoredOwn.incrementAndGet();
            message.ack();
            return Verdict.IGNORED;
        }
        String eventId = envelope.get("event_id").coerceStringValue();
        if (route.durable()) {
            return relayDurably(message, route, envelope, eventId);
        }
        Set<String> connections;
        try {
            connections = connectionsOf(route, envelope);
        } catch (Recipient.MissingField missing) {
            return deadLetter(message, route, "unroutable: " + missing.getMessage());
        }
        String frame = wire.encode(new ServerMessage(route.event(), eventId, null, null, route.payload(envelope)));
        Map<String, DeliveryLedger.Claim> claims;
        try {
            claims = ledger.claimAll(eventId, List.copyOf(connections));
        } catch (RuntimeException redisDown) {
            LOG.warn("delivery ledger unavailable: {}", redisDown.toString());
            return retryLater(message, route);
        }
        boolean transientFailure = false;
        List<String> toPost = new ArrayList<>();
        for (Map.Entry<String, DeliveryLedger.Claim> claim : claims.entrySet()) {
            switch (claim.getValue()) {
                case DONE -> metrics.deduplicated.incrementAndGet();
                case BUSY -> transientFailure = true;
                case CLAIMED -> toPost.add(claim.getKey());
            }
        }
        List<Future<Outcome>> results = toPost.stream()
                .map(connection -> posts.submit(() -> push.post(connection, frame)))
                .toList();
        List<String> settled = new ArrayList<>(toPost.size());
        for (int i = 0; i < results.size(); i++) {
            String connection = toPost.get(i);
            Outcome outcome;
            try {
                outcome = results.get(i).get();
            } catch (Exception e) {
                outcome = Outcome.FAILED;
            }
            switch (outcome) {
                case DELIVERED -> {
                    metrics.deliveries.incrementAndGet();
                    settled.add(connection);
                }
                case GONE -> {
                    metrics.gone.incrementAndGet();
                    settled.add(connection);
                    registry.forget(connection);
                }
                case FAILED -> {
                    metrics.failures.incrementAndGet();
                    ledger.release(eventId, connection);
                    transientFailure = true;
                }
            }
        }
        ledger.doneAll(eventId, settled);
        if (!transientFailure) {
            message.ack();
            return Verdict.ACKED;
        }
        return retryLater(message, route);
    }

    /**
     * Durable routes: the event goes into each recipient user's inbox under the next seq — idempotently by event
     * id, so a redelivered message stores and pushes nothing twice — and critical types are re-sent until acked.
     */
    private Verdict relayDurably(Message message, BridgeRoute route, JsonNode envelope, String eventId) {
        Optional<EventType> type = EventType.fromWireName(route.event());
        if (type.isEmpty()) {
            return deadLetter(message, route, "unroutable: " + route.event() + " is not in the event catalogue");
        }
        Set<String> users;
        try {
            users = usersOf(route, envelope);
        } catch (Recipient.MissingField missing) {
            return deadLetter(message, route, "unroutable: " + missing.getMessage());
        }
        Object payload = route.payload(envelope);
        try {
            for (String user : users) {
                DurableDelivery.Sent sent = delivery.send(Inbox.user(user), eventId, type.get(), payload);
                if (sent.event().fresh()) {
                    metrics.deliveries.addAndGet(sent.connections().size());
                } else {
                    metrics.deduplicated.incrementAndGet();
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("durable delivery of {} failed: {}", route.subject(), e.toString());
            metrics.failures.incrementAndGet();
            return retryLater(message, route);
        }
        message.ack();
        return Verdict.ACKED;
    }

    private Verdict retryLater(Message message, BridgeRoute route) {
        RetryPolicy policy = retries.forCategory(route.category());
        long attempt = message.metaData().deliveredCount();
        if (attempt > policy.maxRetries()) {
            return deadLetter(message, route, "delivery failed after " + attempt + " attempts");
        }
        metrics.retried.incrementAndGet();
        Duration delay = policy.delay((int) attempt);
        message.nakWithDelay(delay);
        return Verdict.RETRY;
    }

    private Set<String> usersOf(BridgeRoute route, JsonNode envelope) {
        Set<String> users = new LinkedHashSet<>();
        for (Recipient recipient : route.recipients()) {
            for (String name : recipient.resolve(envelope)) {
                switch (recipient) {
                    case Recipient.User user -> users.add(name);
                    case Recipient.Room room -> rooms.members(name).forEach(m -> users.add(m.userId()));
                    case Recipient.Role role -> throw new IllegalStateException("durable routes have no role recipients");
                }
            }
        }
        return users;
    }

    private Set<String> connectionsOf(BridgeRoute route, JsonNode envelope) {
        Set<String> connections = new LinkedHashSet<>();
        for (Recipient recipient : route.recipients()) {
            for (String name : recipient.resolve(envelope)) {
                switch (recipient) {
                    case Recipient.User user -> connections.addAll(registry.connectionsOf(name));
                    case Recipient.Room room -> rooms.members(name).forEach(m -> connections.add(m.connectionId()));
                    case Recipient.Role role -> Role.fromClaim(name)
                            .ifPresent(r -> connections.addAll(registry.connectionsOfRole(r)));
                }
            }
        }
        return connections;
    }

    private Verdict deadLetter(Message message, BridgeRoute route, String reason) {
        try {
            deadLetters.park(message, route.subject(), reason);
        } catch (IOException e) {
            LOG.error("cannot park message on the DLQ ({}); it will be redelivered", e.toString());
            message.nakWithDelay(Duration.ofSeconds(1));
            return Verdict.RETRY;
        }
        metrics.deadLettered.incrementAndGet();
        LOG.warn("dead-lettered {} message: {}", route.subject(), reason);
        message.ack();
        return Verdict.DEAD_LETTERED;
    }

    public void close() {
        posts.shutdown();
    }

    static String text(JsonNode envelope, String path) {
        JsonNode value = JsonPath.at(envelope, path);
        return value == null ? null : value.coerceStringValue();
    }
}
