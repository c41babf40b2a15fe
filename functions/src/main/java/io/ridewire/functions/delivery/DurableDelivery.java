package io.ridewire.functions.delivery;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.ridewire.functions.concurrent.Concurrently;
import io.ridewire.functions.deadlines.Deadline;
import io.ridewire.functions.deadlines.Deadlines;
import io.ridewire.model.protocol.EventType;
import io.ridewire.model.protocol.ServerMessage;
import io.ridewire.functions.push.Audience;
import io.ridewire.functions.push.Delivery;
import io.ridewire.functions.push.Push;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Durable delivery: an event is stored in the recipient's inbox under the next {@code seq} (idempotently, by its
 * id), then pushed with that {@code seq}; a critical one ({@code ack_required}) is re-sent with backoff by a
 * durable deadline until the client acknowledges it or it expires. What a client missed it gets back with
 * {@code sync} or {@code GET /events?since=}.
 */
@Singleton
public class DurableDelivery {
    /** The deadline kind of re-sends. */
    public static final String REDELIVERY = "delivery.redeliver";
    /** How many inbox writes one send to many users runs at once: a large room must not flood DynamoDB. */
    private static final int PARALLEL_INBOXES = 16;

    private final EventStore store;
    private final Push push;
    private final Deadlines deadlines;
    private final DeliverySettings settings;
    private final JsonMapper json;
    private final Clock clock;
    private final List<RoomInboxes> roomInboxes;

    public DurableDelivery(EventStore store, Push push, Deadlines deadlines, DeliverySettings settings, JsonMapper json,
                           Clock clock, List<RoomInboxes> roomInboxes) {
        this.store = store;
        this.push = push;
        this.deadlines = deadlines;
        this.settings = settings;
        this.json = json;
        this.clock = clock;
        this.roomInboxes = roomInboxes;
    }

    /**
     * What {@link #send} did.
     *
     * @param event       the stored event ({@code fresh() == false}: the id was stored before, under this seq)
     * @param connections the connections it was pushed to
     */
    public record Sent(StoredEvent event, Set<String> connections) {
    }

    /**
     * Stores and pushes an event. Sending the same {@code eventId} to the same inbox again stores nothing and pushes
     * the stored event again, under its seq: a redelivered source produces one event, and a first try that stored it
     * but never pushed it (a killed process, a timed-out Lambda) is completed by the retry. A client drops the
     * repeat by its seq.
     */
    public Sent send(Inbox inbox, String eventId, EventType type, Object payload) {
        // a critical event's first re-send is committed with it: no restart can leave it unsent and unscheduled
        List<TransactWriteItem> redelivery = type.ackRequired() ? List.of(deadlines.put(redelivery(inbox, eventId, 0,
                clock.instant().plus(settings.getRedeliveryInitial())))) : List.of();
        StoredEvent stored = store.append(inbox, eventId, type.wireName(), type.ackRequired(), encode(payload),
                redelivery);
        if (!stored.fresh() && stored.acked()) {
            return new Sent(stored, Set.of()); // acknowledged (or its retention ran out): the client has it
        }
        Object pushed = stored.fresh() ? payload : decode(stored.payloadJson());
        Delivery delivery = push.deliver(inbox.audience(), message(stored, pushed));
        return new Sent(stored, delivery.connections());
    }

    /**
     * The durable form of {@link Push#deliver}: the event goes into the inbox of every user in the audience, and of
     * every participant of a room that a {@link RoomInboxes} knows, online or not. That room's other members online
     * (staff watching, say) get the frame without a copy in an inbox.
     */
    public List<Sent> send(Audience audience, String eventId, EventType type, Object payload) {
        Set<Inbox> inboxes = new LinkedHashSet<>();
        Set<String> watched = new LinkedHashSet<>();
        collect(audience, inboxes, watched);
        return sendTo(inboxes, watched, eventId, type, payload);
    }

    /** {@link #send(Audience, String, EventType, Object)} to a room whose participants the caller already knows. */
    public List<Sent> sendToRoom(String room, Collection<Inbox> participants, String eventId, EventType type,
                                 Object payload) {
        return sendTo(new LinkedHashSet<>(participants), Set.of(room), eventId, type, payload);
    }

    private List<Sent> sendTo(Set<Inbox> inboxes, Set<String> watched, String eventId, EventType type,
                              Object payload) {
        AtomicReference<List<Sent>> sent = new AtomicReference<>(List.of());
        Runnable store = () -> sent.set(Concurrently.map(inboxes, PARALLEL_INBOXES,
                inbox -> send(inbox, eventId, type, payload)));
        Set<String> watchers = new LinkedHashSet<>(); // written by one step, read after the join
        if (watched.isEmpty()) {
            store.run();
        } else { // each inbox's write and the rooms' lookup are independent: side by side, the slowest sets the latency
            Concurrently.run(store,
                    () -> watched.forEach(room -> watchers.addAll(push.connectionsOf(Audience.room(room)))));
        }
        // as the inboxes' copies, pushed again on a repeat: a first try may have died before reaching the watchers
        if (!watchers.isEmpty()) {
            sent.get().forEach(one -> watchers.removeAll(one.connections()));
            push.deliverTo(watchers, new ServerMessage(type.wireName(), eventId, null, null, payload));
        }
        return sent.get();
    }

    private void collect(Audience audience, Set<Inbox> inboxes, Set<String> watched) {
        switch (audience) {
            case Audience.All all -> all.audiences().forEach(each -> collect(each, inboxes, watched));
            case Audience.Room room -> participants(room.room()).ifPresentOrElse(known -> {
                inboxes.addAll(known);
                watched.add(room.room());
            }, () -> push.usersOf(room).forEach(user -> inboxes.add(Inbox.user(user))));
            default -> push.usersOf(audience).forEach(user -> inboxes.add(Inbox.user(user)));
        }
    }

    private Optional<List<Inbox>> participants(String room) {
        for (RoomInboxes source : roomInboxes) {
            Optional<List<Inbox>> known = source.of(room);
            if (known.isPresent()) {
                return known;
            }
        }
        return Optional.empty();
    }

    /** Where each inbox's sequence stands, for {@link #prepare}: one read for all of them. */
    public Map<Inbox, EventStore.Counter> counters(Collection<Inbox> inboxes) {
        return store.counters(inboxes);
    }

    /**
     * Stages a durable event for the caller's own transaction, so it is stored in the same round trip as what
     * caused it; once that commits, {@link #pushStored} sends it and {@link #resendUntilAcked} arms its re-sends.
     */
    public EventStore.PendingAppend prepare(Inbox inbox, EventStore.Counter counter, String eventId, EventType type,
                                            Object payload) {
        return store.prepare(inbox, counter, eventId, type.wireName(), type.ackRequired(), encode(payload));
    }

    /**
     * Pushes an event that a committed transaction stored, as {@link #send} pushes what it stores; through
     * {@code knownConnection} first when the caller knows the inbox's user has that one connection only.
     */
    public Sent pushStored(StoredEvent stored, Object payload, Optional<String> knownConnection) {
        ServerMessage message = message(stored, payload);
        Audience inbox = stored.inbox().audience();
        Delivery delivery = knownConnection.map(connection -> push.deliverVia(connection, inbox, message))
                .orElseGet(() -> push.deliver(inbox, message));
        return new Sent(stored, delivery.connections());
    }

    /**
     * Arms the re-sends of critical events once they were pushed, in one round trip. An ack that came first is safe:
     * re-sends skip an acknowledged event.
     */
    public void resendUntilAcked(List<StoredEvent> stored) {
        Instant due = clock.instant().plus(settings.getRedeliveryInitial());
        deadlines.schedule(stored.stream().filter(StoredEvent::ackRequired)
                .map(event -> redelivery(event.inbox(), event.eventId(), 0, due)).toList());
    }

    /** Marks an event delivered and stops its re-sends; false when the inbox keeps no event with this id. */
    public boolean ack(Inbox inbox, String eventId) {
        boolean found = store.markAcked(inbox, eventId);
        deadlines.cancel(redeliveryId(inbox, eventId));
        return found;
    }

    /**
     * One page of what an inbox holds after {@code from}, as the frames that were (or would have been) pushed.
     *
     * @param from      the seq the page starts after: the client's {@code since}, or 0 when not {@code recovered}
     * @param epoch     the inbox's current epoch (null while it holds nothing)
     * @param recovered false when the client's epoch was another one: its history is gone and the page starts the
     *                  current epoch from its beginning
     */
    public record Replay(List<StoredEvent> events, List<ServerMessage> messages, boolean hasMore, long from,
                         String epoch, boolean recovered) {
        public long lastSeq() {
            return events.isEmpty() ? from : events.getLast().seq();
        }
    }

    /** The page after {@code since} in the client's epoch ({@code clientEpoch} null: whatever is current). */
    public Replay since(Inbox inbox, long since, String clientEpoch, int limit) {
        String epoch = store.counter(inbox).epoch();
        boolean recovered = clientEpoch == null || clientEpoch.equals(epoch);
        long from = recovered ? since : 0;
        EventStore.Page page = store.after(inbox, epoch, from, Math.max(1, Math.min(limit, settings.getPageSize())));
        List<ServerMessage> messages = page.events().stream().map(e -> message(e, decode(e.payloadJson()))).toList();
        return new Replay(page.events(), messages, page.hasMore(), from, epoch, recovered);
    }

    /**
     * Replays to one connection, in order, and postpones the next re-send of each unacknowledged critical event
     * so the replay is not followed at once by a duplicate.
     */
    public Replay replayTo(String connectionId, Inbox inbox, long since, String clientEpoch, int limit) {
        Replay replay = since(inbox, since, clientEpoch, limit);
        Instant next = clock.instant().plus(settings.getRedeliveryInitial());
        for (int i = 0; i < replay.events().size(); i++) {
            StoredEvent event = replay.events().get(i);
            // an acknowledged event's re-send was cancelled by its ack: only a pending one is postponed
            if (event.ackRequired() && deadlines.dueAt(redeliveryId(inbox, event.eventId())).isPresent()) {
                scheduleRedelivery(event, 0, next);
            }
            push.deliver(Audience.connection(connectionId), replay.messages().get(i));
        }
        return replay;
    }

    /** Re-sends an unacknowledged event (the deadline handler's work) and schedules the next try. */
    void redeliver(Inbox inbox, String eventId, int attempt) {
        Optional<StoredEvent> found = store.find(inbox, eventId);
        if (found.isEmpty() || found.get().acked()) {
            return;
        }
        StoredEvent event = found.get();
        push.deliver(inbox.audience(), message(event, decode(event.payloadJson())));
        Instant next = clock.instant().plus(backoff(attempt + 1));
        if (next.isBefore(event.expiresAt())) {
            scheduleRedelivery(event, attempt + 1, next);
        }
    }

    Duration backoff(int attempt) {
        Duration initial = settings.getRedeliveryInitial();
        Duration max = settings.getRedeliveryMax();
        long factor = 1L << Math.min(attempt, 20);
        Duration delay = initial.multipliedBy(factor);
        return delay.compareTo(max) > 0 ? max : delay;
    }

    private void scheduleRedelivery(StoredEvent event, int attempt, Instant due) {
        deadlines.schedule(redelivery(event.inbox(), event.eventId(), attempt, due));
    }

    private static Deadline redelivery(Inbox inbox, String eventId, int attempt, Instant due) {
        return new Deadline(redeliveryId(inbox, eventId), REDELIVERY, due, attempt + "\n" + inbox.key() + "\n" + eventId);
    }

    static String redeliveryId(Inbox inbox, String eventId) {
        return "redeliver:" + inbox.key() + ":" + eventId;
    }

    private static ServerMessage message(StoredEvent event, Object payload) {
        return new ServerMessage(event.type(), event.eventId(), event.seq(), event.epoch(),
                event.ackRequired() ? Boolean.TRUE : null, payload);
    }

    private String encode(Object payload) {
        try {
            return json.writeValueAsString(payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode decode(String payloadJson) {
        try {
            return json.readValue(payloadJson, JsonNode.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
