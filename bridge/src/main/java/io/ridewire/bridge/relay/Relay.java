package io.ridewire.bridge.relay;

import io.ridewire.bridge.ops.AsBridge;
import io.ridewire.bridge.BridgeSettings;
import io.ridewire.deployment.BridgeCatalogue;
import jakarta.inject.Singleton;
import io.ridewire.functions.observability.LogContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.nats.client.Message;
import io.ridewire.bridge.ops.BridgeMetrics;
import io.ridewire.bridge.routing.BridgeRoute;
import io.ridewire.bridge.routing.JsonPath;
import io.ridewire.bridge.routing.Recipient;
import io.ridewire.functions.delivery.DurableDelivery;
import io.ridewire.model.protocol.EventType;
import io.ridewire.model.protocol.ServerMessage;
import io.ridewire.functions.push.Audience;
import io.ridewire.functions.push.Delivery;
import io.ridewire.functions.push.Delivery.Outcome;
import io.ridewire.functions.push.Push;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Relays one JetStream message: decode → audience → deliver (through {@link Push}, or its durable form for durable
 * routes) → ack or nak. It acknowledges only once every recipient connection was posted to or is known gone
 * (or the event is stored); a transient failure is retried with the category's backoff, and
 * after the last try the message goes to the DLQ. Malformed or unroutable messages go to the DLQ at once. The
 * client event's {@code id} is the envelope's {@code event_id}, and the delivery ledger drops pairs already
 * delivered, so a redelivered message never reaches a connection twice while Redis answers (without it, at least once).
 * Its DynamoDB calls are the bridge's ({@link BridgeCatalogue#PRINCIPAL}).
 */
@Singleton
public final class Relay {
    private static final Logger LOG = LoggerFactory.getLogger(Relay.class);
    private static final List<String> REQUIRED = List.of("event_id", "event_type", "timestamp", "version");

    private final JsonMapper json;
    private final Push push;
    private final DeliveryLedger ledger;
    private final DeadLetters deadLetters;
    private final DurableDelivery delivery;
    private final RetryPolicies retries;
    private final Set<String> ownSources;
    private final BridgeMetrics metrics;
    private final Duration lease;
    private final Duration ackWait;

    public Relay(JsonMapper json, Push push, DeliveryLedger ledger, DeadLetters deadLetters, DurableDelivery delivery,
                 BridgeSettings settings, BridgeMetrics metrics) {
        this.retries = new RetryPolicies(settings.getRetry());
        this.ownSources = Set.copyOf(settings.getOwnSources());
        this.json = json;
        this.push = push;
        this.ledger = ledger;
        this.deadLetters = deadLetters;
        this.delivery = delivery;
        this.metrics = metrics;
        this.lease = settings.getClaimLease();
        this.ackWait = settings.getAckWait();
    }

    /** The fate of one message. */
    public enum Verdict {
        ACKED,
        RETRY,
        DEAD_LETTERED,
        IGNORED
    }

    /**
     * A message decoded once, before it is queued: its envelope, and what it is ordered by (its route and audience).
     * The bridge relays messages with one key one after another, in their stream order; the key is null for a
     * message that cannot be read or routed (it is parked at once, in any order).
     *
     * @param json false when the data is not JSON at all
     */
    public record Read(boolean json, JsonNode envelope, String orderingKey) {
    }

    public Read read(Message message, BridgeRoute route) {
        JsonNode envelope;
        try {
            envelope = json.readValue(message.getData(), JsonNode.class);
        } catch (IOException | RuntimeException unreadable) {
            return new Read(false, null, null);
        }
        String key = null;
        if (envelope != null && envelope.isObject()) {
            try {
                key = route.subject() + "|" + route.audience(envelope);
            } catch (RuntimeException unroutable) {
                // the relay parks it, saying why
            }
        }
        return new Read(true, envelope, key);
    }

    public Verdict relay(Message message, BridgeRoute route, Read read) {
        return AsBridge.get(() -> relayLogged(message, route, read));
    }

    private Verdict relayLogged(Message message, BridgeRoute route, Read read) {
        try (LogContext ids = LogContext.forMessage(message, route.subject())) {
            try {
                return relayTraced(message, route, read);
            } catch (RuntimeException unexpected) {
                // no step expected it: tried again with the category's backoff and parked after the last try
                LOG.error("relay of {} failed", route.subject(), unexpected);
                return retryLater(message, route, "relay failed (" + unexpected + ")");
            }
        }
    }

    private Verdict relayTraced(Message message, BridgeRoute route, Read read) {
        metrics.messages.increment();
        if (!read.json()) {
            return deadLetter(message, route, "malformed: not JSON");
        }
        JsonNode envelope = read.envelope();
        if (envelope == null || !envelope.isObject()) {
            return deadLetter(message, route, "malformed: not a JSON object");
        }
        try {
            return relayEnvelope(message, route, envelope);
        } catch (JsonPath.NotScalar notScalar) {
            return deadLetter(message, route, "malformed: " + notScalar.getMessage());
        }
    }

    private Verdict relayEnvelope(Message message, BridgeRoute route, JsonNode envelope) {
        for (String field : REQUIRED) {
            JsonNode value = envelope.get(field);
            if (value == null || value.isNull() || JsonPath.scalar(value, field).isBlank()) {
                return deadLetter(message, route, "malformed: missing " + field);
            }
        }
        JsonNode source = envelope.get("source_service");
        if (source != null && ownSources.contains(JsonPath.scalar(source, "source_service"))) {
            metrics.ignoredOwn.increment();
            message.ack();
            return Verdict.IGNORED;
        }
        String eventId = JsonPath.scalar(envelope.get("event_id"), "event_id");
        Audience audience;
        try {
            audience = route.audience(envelope);
        } catch (Recipient.MissingField | JsonPath.NotScalar unroutable) {
            return deadLetter(message, route, "unroutable: " + unroutable.getMessage());
        }
        return route.durable() ? relayDurably(message, route, envelope, eventId, audience)
                : relayDirectly(message, route, envelope, eventId, audience);
    }

    /**
     * Direct routes: the ledger claims each (event, connection) pair so a redelivered message reaches no connection
     * twice; what was posted or is gone is marked done, a failed post is released for the retry. Pairs another
     * attempt holds are waited for with the message kept, so the wait never counts towards the dead letter.
     */
    private Verdict relayDirectly(Message message, BridgeRoute route, JsonNode envelope, String eventId,
                                  Audience audience) {
        String owner = UUID.randomUUID().toString(); // this attempt: its claims are its own to post or give back
        List<String> connections;
        try {
            connections = List.copyOf(push.connectionsOf(audience));
        } catch (RuntimeException redisDown) {
            LOG.warn("connections unavailable: {}", redisDown.toString());
            return retryLater(message, route);
        }
        Pass pass = post(route, envelope, eventId, connections, owner);
        // the holders' claims are older than that pass: each settles within a post or lapses within a lease
        long waitUntil = System.nanoTime() + lease.plus(holderPoll(route)).toNanos();
        while (pass.heldOnly() && System.nanoTime() - waitUntil < 0 && awaitHolder(message, route)) {
            pass = post(route, envelope, eventId, pass.held(), owner);
        }
        if (pass.failed()) {
            return retryLater(message, route);
        }
        if (!pass.held().isEmpty()) {
            // a holder outlived a whole lease (its claim made by a clock ahead of ours): the message comes back later
            metrics.retried.increment();
            message.nakWithDelay(retries.forCategory(route.category()).delay(1));
            return Verdict.RETRY;
        }
        message.ack();
        return Verdict.ACKED;
    }

    /** What one pass over a direct route's connections came to: whether a post failed, and the pairs others hold. */
    private record Pass(boolean failed, List<String> held) {
        /** Everything else settled: only another attempt's claims keep the message. */
        boolean heldOnly() {
            return !failed && !held.isEmpty();
        }
    }

    /**
     * Claims the pairs, posts to those claimed, and marks them done or gives them back. Without Redis it posts to
     * every connection unledgered: a repeat carries the same id, which clients drop, while waiting would park the
     * event on the DLQ after its retries.
     */
    private Pass post(BridgeRoute route, JsonNode envelope, String eventId, List<String> connections, String owner) {
        Map<String, DeliveryLedger.Claim> claims;
        try {
            claims = ledger.claimAll(eventId, connections, owner);
        } catch (RuntimeException redisDown) {
            LOG.warn("delivery ledger unavailable, posting {} without it: {}", eventId, redisDown.toString());
            giveBack(eventId, connections, owner);
            metrics.unledgered.increment();
            Delivery unledgered = deliver(route, envelope, eventId, new LinkedHashSet<>(connections));
            return new Pass(unledgered.failed() > 0, List.of());
        }
        List<String> held = new ArrayList<>();
        Set<String> toPost = new LinkedHashSet<>();
        for (Map.Entry<String, DeliveryLedger.Claim> claim : claims.entrySet()) {
            switch (claim.getValue()) {
                case DONE -> metrics.deduplicated.increment();
                case BUSY -> held.add(claim.getKey());
                case CLAIMED -> toPost.add(claim.getKey());
            }
        }
        Delivery delivery = deliver(route, envelope, eventId, toPost);
        List<String> settled = new ArrayList<>(toPost.size());
        List<String> unsent = new ArrayList<>();
        for (Map.Entry<String, Outcome> outcome : delivery.outcomes().entrySet()) {
            switch (outcome.getValue()) {
                case DELIVERED, GONE -> settled.add(outcome.getKey());
                case FAILED -> unsent.add(outcome.getKey());
            }
        }
        try {
            ledger.release(eventId, unsent, owner);
            ledger.doneAll(eventId, settled);
        } catch (RuntimeException redisDown) {
            // the posts went out: a copy redelivered before the claims lapse waits for them, one after posts again
            LOG.warn("delivery ledger unavailable, {} posted but not marked: {}", eventId, redisDown.toString());
        }
        return new Pass(!unsent.isEmpty(), held);
    }

    /** Posts the event to these connections, counting each outcome. */
    private Delivery deliver(BridgeRoute route, JsonNode envelope, String eventId, Set<String> connections) {
        Delivery delivery = push.deliverTo(connections,
                new ServerMessage(route.event(), eventId, null, null, route.payload(envelope)));
        for (Outcome outcome : delivery.outcomes().values()) {
            switch (outcome) {
                case DELIVERED -> metrics.deliveries.increment();
                case GONE -> metrics.gone.increment();
                case FAILED -> metrics.failures.increment();
            }
        }
        return delivery;
    }

    /** Best effort: a claim whose answer was lost may still have been made. */
    private void giveBack(String eventId, List<String> connections, String owner) {
        try {
            ledger.release(eventId, connections, owner);
        } catch (RuntimeException stillDown) {
            LOG.debug("claims of {} left to their lease: {}", eventId, stillDown.toString());
        }
    }

    /**
     * Durable routes: the event goes into each recipient user's inbox under the next seq — idempotently by event
     * id, so a redelivered message stores and pushes nothing twice — and critical types are re-sent until acked.
     */
    private Verdict relayDurably(Message message, BridgeRoute route, JsonNode envelope, String eventId,
                                 Audience audience) {
        Optional<EventType> type = EventType.fromWireName(route.event());
        if (type.isEmpty()) {
            return deadLetter(message, route, "unroutable: " + route.event() + " is not in the event catalogue");
        }
        try {
            for (DurableDelivery.Sent sent : delivery.send(audience, eventId, type.get(), route.payload(envelope))) {
                if (sent.event().fresh()) {
                    metrics.deliveries.increment(sent.connections().size());
                } else {
                    metrics.deduplicated.increment();
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("durable delivery of {} failed: {}", route.subject(), e.toString());
            metrics.failures.increment();
            return retryLater(message, route);
        }
        message.ack();
        return Verdict.ACKED;
    }

    /**
     * Waits one poll for another attempt's claim, without counting towards the dead letter: a pair another attempt
     * holds is not a failure of this message, and dead-lettering it would lose an event that a claim left by a lost
     * answer only delays. The message is kept in progress (its ack wait starts again), so JetStream neither
     * redelivers it nor raises its delivery count; false if interrupted.
     */
    private boolean awaitHolder(Message message, BridgeRoute route) {
        metrics.retried.increment();
        message.inProgress();
        try {
            Thread.sleep(holderPoll(route));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The category's first delay, and at most half the ack wait, which each poll starts again. */
    private Duration holderPoll(BridgeRoute route) {
        Duration first = retries.forCategory(route.category()).delay(1);
        Duration half = ackWait.dividedBy(2);
        return first.compareTo(half) < 0 ? first : half;
    }

    private Verdict retryLater(Message message, BridgeRoute route) {
        return retryLater(message, route, "delivery failed");
    }

    private Verdict retryLater(Message message, BridgeRoute route, String failure) {
        RetryPolicy policy = retries.forCategory(route.category());
        long attempt = message.metaData().deliveredCount();
        if (attempt > policy.maxRetries()) {
            return deadLetter(message, route, failure + " after " + attempt + " attempts");
        }
        metrics.retried.increment();
        Duration delay = policy.delay((int) attempt);
        message.nakWithDelay(delay);
        return Verdict.RETRY;
    }

    private Verdict deadLetter(Message message, BridgeRoute route, String reason) {
        try {
            deadLetters.park(message, route.subject(), reason);
        } catch (IOException e) {
            LOG.error("cannot park message on the DLQ ({}); it will be redelivered", e.toString());
            message.nakWithDelay(Duration.ofSeconds(1));
            return Verdict.RETRY;
        }
        metrics.deadLettered.increment();
        LOG.warn("dead-lettered {} message: {}", route.subject(), reason);
        message.ack();
        return Verdict.DEAD_LETTERED;
    }

    static String text(JsonNode envelope, String path) {
        JsonNode value = JsonPath.at(envelope, path);
        return value == null ? null : JsonPath.scalar(value, path);
    }
}
