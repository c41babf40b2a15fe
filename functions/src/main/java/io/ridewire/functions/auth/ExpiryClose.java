package io.ridewire.functions.auth;

import io.ridewire.functions.presence.Presence;
import io.ridewire.functions.deadlines.Deadline;
import io.ridewire.functions.deadlines.DeadlineHandler;
import io.ridewire.model.protocol.EventType;
import io.ridewire.model.protocol.payload.ConnectionError;
import io.ridewire.functions.push.Delivery.Outcome;
import io.ridewire.functions.push.Push;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;

/**
 * Ends a session whose token expired without a refresh: {@code connection.error} AUTH_EXPIRED, then the connection
 * is deleted through the management API (the client sees close 1000 and must fetch a new token before reconnecting).
 */
@Singleton
public class ExpiryClose implements DeadlineHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ExpiryClose.class);

    private final SessionLifetime lifetime;
    private final Presence registry;
    private final Push push;
    private final Clock clock;

    public ExpiryClose(SessionLifetime lifetime, Presence registry, Push push, Clock clock) {
        this.lifetime = lifetime;
        this.registry = registry;
        this.push = push;
        this.clock = clock;
    }

    @Override
    public String kind() {
        return SessionLifetime.EXPIRED;
    }

    @Override
    public void fire(Deadline deadline) {
        SessionLifetime.Scheduled scheduled = SessionLifetime.Scheduled.of(deadline);
        String connectionId = scheduled.connectionId();
        if (registry.find(connectionId).isEmpty()
                || lifetime.currentExpiry(connectionId, scheduled.expiresAt()).isAfter(clock.instant())) {
            return;
        }
        LOG.info("token of connection {} expired at {}: closing it", connectionId, scheduled.expiresAt());
        Outcome outcome = push.closeWith(connectionId, Push.event(EventType.CONNECTION_ERROR, new ConnectionError(
                "The session's token has expired", ConnectionError.AUTH_EXPIRED, clock.instant())),
                ExpiryWarning.HANDSHAKE_BUDGET);
        if (outcome == Outcome.FAILED) {
            // fired again after the retry delay: a failed close must not leave an expired session open
            throw new IllegalStateException("closing expired connection " + connectionId + " failed");
        }
    }
}
