package io.ridewire.functions.auth;

import io.ridewire.functions.presence.Connection;
import io.ridewire.functions.presence.Presence;
import io.ridewire.functions.presence.DisconnectListener;
import io.ridewire.functions.deadlines.Deadline;
import io.ridewire.functions.deadlines.Deadlines;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A session lives as long as its token. The authorizer puts the token's {@code exp} into the authorizer context
 * ({@link #CONTEXT_KEY}), which API Gateway never changes; an {@code auth.refresh} records the new expiry on the
 * connection's row. Two durable deadlines per connection ({@link #EXPIRING}, {@link #EXPIRED}) push
 * {@code auth.expiring} and end the session at its expiry — a Lambda cannot hold a timer — and every inbound message
 * is checked too, so a message after the expiry is refused even before the deadline fires. Before the first
 * token's expiry that check costs nothing; after it, one consistent read of the row.
 */
@Singleton
public class SessionLifetime implements DisconnectListener {
    /** The authorizer context key holding the first token's {@code exp}, in epoch seconds. */
    public static final String CONTEXT_KEY = "tokenExpiresAt";
    /** Deadline kind: push {@code auth.expiring}. */
    public static final String EXPIRING = "auth.expiring";
    /** Deadline kind: send {@code connection.error} AUTH_EXPIRED and delete the connection. */
    public static final String EXPIRED = "auth.expired";
    private static final Logger LOG = LoggerFactory.getLogger(SessionLifetime.class);

    private final Deadlines deadlines;
    private final Presence registry;
    private final JwtSettings settings;

    public SessionLifetime(Deadlines deadlines, Presence registry, JwtSettings settings) {
        this.deadlines = deadlines;
        this.registry = registry;
        this.settings = settings;
    }

    /** The first token's expiry, from the authorizer context; empty when the context has none. */
    public static Optional<Instant> fromAuthorizerContext(Map<String, ?> context) {
        Object value = context == null ? null : context.get(CONTEXT_KEY);
        return switch (value) {
            case Number seconds -> Optional.of(Instant.ofEpochSecond(seconds.longValue()));
            case String seconds when seconds.matches("\\d{1,12}") -> Optional.of(Instant.ofEpochSecond(Long.parseLong(seconds)));
            case null, default -> Optional.empty();
        };
    }

    /**
     * Sets the deadlines of a new session (at {@code $connect}). Without Redis the connection is still accepted: the
     * check on every message keeps the expiry, only the warning and the close at expiry are lost.
     */
    public void begin(String connectionId, Instant expiresAt) {
        try {
            schedule(connectionId, expiresAt);
        } catch (RuntimeException e) {
            LOG.warn("session deadlines of {} not set ({}): its messages are still refused after {}",
                    connectionId, e.toString(), expiresAt);
        }
    }

    /** Extends a session to a refreshed token's expiry; false when the connection is gone. */
    public boolean extend(String connectionId, Instant expiresAt) {
        if (!registry.extendToken(connectionId, expiresAt)) {
            return false;
        }
        schedule(connectionId, expiresAt);
        return true;
    }

    /**
     * Whether the session of a message's connection has expired at {@code now}: its first token's expiry has passed
     * and no refresh recorded a later one. A context without expiry (no authorizer ran) is not checked.
     */
    public boolean hasExpired(Map<String, ?> authorizerContext, String connectionId, Instant now) {
        Optional<Instant> first = fromAuthorizerContext(authorizerContext);
        if (first.isEmpty() || now.isBefore(first.get())) {
            return false;
        }
        return !now.isBefore(currentExpiry(connectionId, first.get()));
    }

    /** The later of {@code scheduled} and the expiry a refresh recorded on the connection's row. */
    Instant currentExpiry(String connectionId, Instant scheduled) {
        return registry.extendedTokenExpiry(connectionId).filter(e -> e.isAfter(scheduled)).orElse(scheduled);
    }

    @Override
    public void disconnected(Connection connection) {
        try {
            deadlines.cancel(EXPIRING + ":" + connection.connectionId());
            deadlines.cancel(EXPIRED + ":" + connection.connectionId());
        } catch (RuntimeException e) {
            LOG.debug("session deadlines of {} not cancelled (they find the connection gone): {}",
                    connection.connectionId(), e.toString());
        }
    }

    private void schedule(String connectionId, Instant expiresAt) {
        String payload = connectionId + "|" + expiresAt.getEpochSecond();
        deadlines.schedule(List.of(
                new Deadline(EXPIRING + ":" + connectionId, EXPIRING, expiresAt.minus(settings.getExpiryWarning()),
                        payload),
                new Deadline(EXPIRED + ":" + connectionId, EXPIRED, expiresAt, payload)));
    }

    /** A deadline's connection and the expiry it was set for. */
    record Scheduled(String connectionId, Instant expiresAt) {
        static Scheduled of(Deadline deadline) {
            int bar = deadline.payload().lastIndexOf('|');
            return new Scheduled(deadline.payload().substring(0, bar),
                    Instant.ofEpochSecond(Long.parseLong(deadline.payload().substring(bar + 1))));
        }
    }
}
