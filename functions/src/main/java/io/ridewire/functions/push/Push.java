package io.ridewire.functions.push;

import io.ridewire.functions.presence.Member;
import io.ridewire.functions.presence.Presence;
import io.ridewire.model.protocol.EventType;
import io.ridewire.model.protocol.ServerMessage;
import io.ridewire.model.protocol.WireFormat;
import io.ridewire.functions.observability.PushLog;
import io.ridewire.functions.push.Delivery.Outcome;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * The one way server events reach sockets: an {@link Audience} is turned into connections by {@link Presence}, the
 * frame is encoded once, and the {@link Sender} posts it to each connection in parallel, isolated from the others.
 * Handlers, services, durable delivery and the bridge all deliver through here.
 */
@Singleton
public class Push {
    private final Presence presence;
    private final Sender sender;
    private final WireFormat wire;

    public Push(Presence presence, Sender sender, WireFormat wire) {
        this.presence = presence;
        this.sender = sender;
        this.wire = wire;
    }

    /** A server event with a fresh unique id. */
    public static ServerMessage event(EventType type, Object payload) {
        return ServerMessage.of(type, UUID.randomUUID().toString(), payload);
    }

    /** Delivers a message to everyone in the audience, each connection once, and waits for the gateway's answers. */
    public Delivery deliver(Audience audience, ServerMessage message) {
        return deliverTo(connectionsOf(audience), message);
    }

    /**
     * Delivers to a connection known to be the audience's only one (the one a request came over, a driver's beacon
     * connection), which spares resolving the audience; if the gateway says that connection is gone, to the audience.
     */
    public Delivery deliverVia(String connectionId, Audience audience, ServerMessage message) {
        Delivery direct = deliver(Audience.connection(connectionId), message);
        return direct.gone() == 0 ? direct : deliver(audience.except(Set.of(connectionId)), message);
    }

    /** Delivers a message to connections already resolved (see {@link #connectionsOf}). */
    public Delivery deliverTo(Set<String> connections, ServerMessage message) {
        if (connections.isEmpty()) {
            return Delivery.NONE;
        }
        byte[] frame = wire.encode(message).getBytes(StandardCharsets.UTF_8);
        Map<String, CompletableFuture<Outcome>> posts = new LinkedHashMap<>();
        for (String connection : connections) {
            posts.put(connection, sender.send(connection, frame));
        }
        Map<String, Outcome> outcomes = new HashMap<>();
        posts.forEach((connection, post) -> outcomes.put(connection, Sender.await(post)));
        Delivery delivery = new Delivery(outcomes);
        PushLog.pushed(message.type(), message.id(), delivery.delivered(), delivery.gone(), delivery.failed());
        return delivery;
    }

    /** The connections an audience stands for now. */
    public Set<String> connectionsOf(Audience audience) {
        Set<String> connections = new LinkedHashSet<>();
        collect(audience, connections);
        return connections;
    }

    private void collect(Audience audience, Set<String> into) {
        switch (audience) {
            case Audience.Connection one -> into.add(one.connectionId());
            case Audience.User user -> into.addAll(presence.connectionsOf(user.userId()));
            case Audience.Room room -> presence.members(room.room()).stream().map(Member::connectionId).forEach(into::add);
            case Audience.Role role -> into.addAll(presence.connectionsOfRole(role.role()));
            case Audience.All all -> all.audiences().forEach(each -> collect(each, into));
            case Audience.Except except -> {
                Set<String> inner = new LinkedHashSet<>();
                collect(except.audience(), inner);
                inner.removeAll(except.connectionIds());
                into.addAll(inner);
            }
        }
    }

    /**
     * The users an audience stands for, for durable delivery (inboxes are per user). A role or an exception of
     * connections names no set of inboxes.
     */
    public Set<String> usersOf(Audience audience) {
        Set<String> users = new LinkedHashSet<>();
        collectUsers(audience, users);
        return users;
    }

    private void collectUsers(Audience audience, Set<String> into) {
        switch (audience) {
            case Audience.Connection one -> presence.find(one.connectionId()).ifPresent(c -> into.add(c.caller().userId()));
            case Audience.User user -> into.add(user.userId());
            case Audience.Room room -> presence.members(room.room()).stream().map(Member::userId).forEach(into::add);
            case Audience.All all -> all.audiences().forEach(each -> collectUsers(each, into));
            case Audience.Role role -> throw new IllegalArgumentException("durable delivery has no inboxes for a role");
            case Audience.Except except -> throw new IllegalArgumentException("durable delivery has no inboxes for " + except);
        }
    }

    /**
     * Delivers to a connection whose handshake may not have completed (the gateway answers 410 until
     * {@code $connect} has returned): 410 is retried within the budget, and the connection is not forgotten.
     */
    public Outcome afterHandshake(String connectionId, ServerMessage message, Duration budget) {
        Outcome outcome = sender.postAfterHandshake(connectionId, wire.encode(message).getBytes(StandardCharsets.UTF_8),
                budget);
        PushLog.pushed(message.type(), message.id(), outcome == Outcome.DELIVERED ? 1 : 0, outcome == Outcome.GONE ? 1 : 0,
                outcome == Outcome.FAILED ? 1 : 0);
        return outcome;
    }

    /**
     * Tells a connection why it ends, with a last frame sent as {@link #afterHandshake} sends it (the connection may
     * still be handshaking), then closes it. When the frame meets 410 past the budget there is no close: a handshake
     * completing between the two calls would be closed without its reason (whoever greets it must see to it).
     */
    public Outcome closeWith(String connectionId, ServerMessage last, Duration budget) {
        if (afterHandshake(connectionId, last, budget) == Outcome.GONE) {
            return sender.gone(connectionId);
        }
        return close(connectionId, budget);
    }

    /** Closes a connection; the gateway then runs {@code $disconnect}. */
    public Outcome close(String connectionId, Duration budget) {
        return sender.close(connectionId, budget);
    }
}
