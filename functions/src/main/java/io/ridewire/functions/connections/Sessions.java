package io.ridewire.functions.connections;

import io.ridewire.functions.events.EventPublisher;
import io.ridewire.model.events.SessionStarted;
import io.ridewire.model.events.Subjects;
import io.ridewire.model.events.Trace;
import io.ridewire.model.identity.Caller;
import io.ridewire.functions.presence.Connection;
import io.ridewire.functions.presence.ConnectionSettings;
import io.ridewire.functions.presence.Departures;
import io.ridewire.functions.presence.Presence;
import io.ridewire.model.rooms.RoomNames;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Opening and closing connections: rows and rooms in DynamoDB, the one-session-per-user rule, and the
 * {@code user.session.started} event that leads to {@code connection.established}.
 */
@Singleton
public class Sessions {
    private static final Logger LOG = LoggerFactory.getLogger(Sessions.class);

    /** Attempts at forgetting a closed connection before giving it up to the TTL. */
    private static final int CLOSE_ATTEMPTS = 5;

    private final Presence presence;
    private final ConnectionSettings settings;
    private final List<RoomSource> roomSources;
    private final EventPublisher events;
    private final Welcome welcome;
    private final Unswept unswept;
    private final Departures departures;
    private final ReplacedSessions replaced;

    public Sessions(Presence presence, ConnectionSettings settings, List<RoomSource> roomSources,
                    EventPublisher events, Welcome welcome, Unswept unswept, Departures departures,
                    ReplacedSessions replaced) {
        this.unswept = unswept;
        this.presence = presence;
        this.settings = settings;
        this.roomSources = roomSources;
        this.replaced = replaced;
        this.events = events;
        this.welcome = welcome;
        this.departures = departures;
    }

    /**
     * Records a new connection, puts it in its rooms, closes the user's older connection unless several are
     * allowed, and announces the session. On failure nothing is left behind (the gateway sends no
     * {@code $disconnect} for a refused handshake). An older connection that is itself still handshaking answers
     * the close with 410 and keeps its rows; its welcome closes it instead ({@link Welcome}).
     */
    public Connection open(String connectionId, Caller caller, Instant connectedAt, Trace trace) {
        Set<String> rooms = new LinkedHashSet<>(RoomNames.roleRooms(caller));
        for (RoomSource source : roomSources) {
            rooms.addAll(source.roomsFor(caller));
        }
        Connection connection = new Connection(connectionId, caller, connectedAt, Set.copyOf(rooms));
        Set<String> previous = presence.addAll(connection, !settings.isMultipleSessions());
        if (!settings.isMultipleSessions()) {
            for (String older : previous) {
                LOG.info("user {} connected again: closing connection {}", caller.userId(), older);
                replaced.close(older);
            }
        }
        announce(connection, trace);
        return connection;
    }

    private void announce(Connection connection, Trace trace) {
        SessionStarted started = new SessionStarted(connection.caller().userId(), connection.connectionId(),
                connection.caller().role().claim(), connection.connectedAt());
        try {
            events.publish(Subjects.USER_SESSION_STARTED, started, trace);
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not publish {} ({}); connection {} is welcomed by the deadline poller",
                    Subjects.USER_SESSION_STARTED, e.toString(), connection.connectionId());
            welcome.owed(started);
        }
    }

    /**
     * Forgets a closed connection and its memberships, trying again a few times when storage fails; when it gives up,
     * the connection is left to the sweeper ({@link Unswept}) and the failure thrown.
     */
    public Optional<Connection> close(String connectionId) {
        try {
            return forget(connectionId, 1);
        } catch (RuntimeException e) {
            unswept.remember(connectionId);
            throw e;
        }
    }

    private Optional<Connection> forget(String connectionId, int attempt) {
        try {
            return departures.closed(connectionId);
        } catch (RuntimeException e) {
            if (attempt >= CLOSE_ATTEMPTS) {
                throw e;
            }
            LOG.warn("forgetting connection {} failed (attempt {}): {}", connectionId, attempt, e.toString());
            try {
                Thread.sleep(50L << attempt);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw e;
            }
            return forget(connectionId, attempt + 1);
        }
    }
}
