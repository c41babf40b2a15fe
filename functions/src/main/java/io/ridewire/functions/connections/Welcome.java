package io.ridewire.functions.connections;

import io.micronaut.context.annotation.Value;
import io.ridewire.model.events.SessionStarted;
import io.ridewire.model.identity.Caller;
import io.ridewire.model.identity.Role;
import io.ridewire.model.protocol.EventType;
import io.ridewire.model.protocol.payload.ConnectionEstablished;
import io.ridewire.functions.deadlines.Deadline;
import io.ridewire.functions.deadlines.DeadlineHandler;
import io.ridewire.functions.deadlines.Deadlines;
import io.ridewire.functions.presence.Connection;
import io.ridewire.functions.presence.ConnectionSettings;
import io.ridewire.functions.presence.Presence;
import io.ridewire.functions.push.Delivery.Outcome;
import io.ridewire.functions.push.Push;
import jakarta.inject.Singleton;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Sends {@code connection.established} once the handshake has completed. The gateway answers 410 to posts until
 * {@code $connect} has returned, so the post is retried with a short backoff, within a bounded budget. With one
 * session per user, a connection that a newer one replaced while it was still handshaking (the newer one's close
 * met a 410) is closed here instead, so exactly one of a user's simultaneous connects stays open. Once the welcome
 * has arrived, the {@link WelcomeListener}s follow up. When the event bus is down, a deadline ({@link #KIND}) owes the
 * welcome instead, fired by the deadline poller: a Lambda is frozen once {@code $connect} returns, so a thread of its
 * own would never send it.
 */
@Singleton
public class Welcome implements DeadlineHandler {
    static final String KIND = "session.welcome";
    private static final Logger LOG = LoggerFactory.getLogger(Welcome.class);

    private final Push push;
    private final Presence presence;
    private final Deadlines deadlines;
    private final ConnectionSettings settings;
    private final Clock clock;
    private final Duration budget;
    private final List<WelcomeListener> listeners;
    private final ReplacedSessions replacedSessions;

    public Welcome(Push push, Presence presence, Deadlines deadlines, ConnectionSettings settings, Clock clock,
                   @Value("${ridewire.connections.welcome-budget:5s}") Duration budget,
                   List<WelcomeListener> listeners, ReplacedSessions replacedSessions) {
        this.replacedSessions = replacedSessions;
        this.push = push;
        this.presence = presence;
        this.deadlines = deadlines;
        this.settings = settings;
        this.clock = clock;
        this.budget = budget;
        this.listeners = listeners;
    }

    public Outcome deliver(SessionStarted session) {
        if (replaced(session)) {
            return closeReplaced(session);
        }
        ConnectionEstablished payload = new ConnectionEstablished(session.userId(),
                Role.fromClaim(session.role()).map(Role::claim).orElse(session.role()),
                session.sessionId(), clock.instant());
        Outcome outcome = push.afterHandshake(session.sessionId(), Push.event(EventType.CONNECTION_ESTABLISHED, payload),
                budget);
        // a newer connect may have replaced this one after the check above, its close meeting a 410 while this
        // handshake was still underway; now that the handshake is done, look again
        if (outcome == Outcome.DELIVERED && replaced(session)) {
            return closeReplaced(session);
        }
        if (outcome == Outcome.DELIVERED) {
            for (WelcomeListener listener : listeners) {
                try {
                    listener.welcomed(session);
                } catch (RuntimeException e) {
                    LOG.warn("welcome listener {} failed: {}", listener.getClass().getSimpleName(), e.toString());
                }
            }
        }
        return outcome;
    }

    private boolean replaced(SessionStarted session) {
        return !settings.isMultipleSessions() && !presence.connectionsOf(session.userId()).contains(session.sessionId());
    }

    private Outcome closeReplaced(SessionStarted session) {
        if (presence.find(session.sessionId()).isEmpty()) {
            return Outcome.DELIVERED; // replaced and already gone: its $disconnect has run
        }
        Outcome closed = replacedSessions.closeWithin(session.sessionId(), budget);
        return closed == Outcome.FAILED ? Outcome.FAILED : Outcome.DELIVERED;
    }

    /** When the event bus is down: the deadline poller welcomes the connection (this process, if that fails too). */
    public void owed(SessionStarted session) {
        try {
            deadlines.schedule(new Deadline(KIND + ":" + session.sessionId(), KIND, clock.instant(), session.sessionId()));
        } catch (RuntimeException e) {
            LOG.warn("welcome of {} could not be scheduled, sending it from here: {}", session.sessionId(), e.toString());
            Thread.ofVirtual().name("welcome-" + session.sessionId()).start(() -> deliver(session));
        }
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public void fire(Deadline deadline) {
        Optional<Connection> connection = presence.find(deadline.payload());
        if (connection.isEmpty()) {
            return; // closed before its welcome: nobody to greet
        }
        Caller caller = connection.get().caller();
        SessionStarted session = new SessionStarted(caller.userId(), deadline.payload(), caller.role().claim(),
                connection.get().connectedAt());
        if (deliver(session) == Outcome.FAILED) {
            throw new IllegalStateException("welcome of " + deadline.payload() + " failed");
        }
    }
}
