package io.ridewire.functions.auth;

import io.ridewire.functions.presence.Presence;
import io.ridewire.functions.deadlines.Deadline;
import io.ridewire.functions.deadlines.DeadlineHandler;
import io.ridewire.model.protocol.EventType;
import io.ridewire.model.protocol.payload.TokenExpiry;
import io.ridewire.functions.push.Push;
import jakarta.inject.Singleton;

import java.time.Duration;

/** Pushes {@code auth.expiring} a while before a session's token expires, unless a refresh moved the expiry. */
@Singleton
public class ExpiryWarning implements DeadlineHandler {
    /** How long a push waits for a handshake still in progress (a token that expires within the warning). */
    static final Duration HANDSHAKE_BUDGET = Duration.ofSeconds(2);

    private final SessionLifetime lifetime;
    private final Presence registry;
    private final Push push;

    public ExpiryWarning(SessionLifetime lifetime, Presence registry, Push push) {
        this.lifetime = lifetime;
        this.registry = registry;
        this.push = push;
    }

    @Override
    public String kind() {
        return SessionLifetime.EXPIRING;
    }

    @Override
    public void fire(Deadline deadline) {
        SessionLifetime.Scheduled scheduled = SessionLifetime.Scheduled.of(deadline);
        if (registry.find(scheduled.connectionId()).isEmpty()
                || lifetime.currentExpiry(scheduled.connectionId(), scheduled.expiresAt())
                        .isAfter(scheduled.expiresAt())) {
            return;
        }
        push.afterHandshake(scheduled.connectionId(),
                Push.event(EventType.AUTH_EXPIRING, new TokenExpiry(scheduled.expiresAt())), HANDSHAKE_BUDGET);
    }
}
