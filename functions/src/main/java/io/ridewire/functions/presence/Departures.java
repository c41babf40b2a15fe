package io.ridewire.functions.presence;

import io.micronaut.context.BeanProvider;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * The one way a connection leaves: {@link Presence} forgets it, and the call that actually deleted its row tells
 * every {@link DisconnectListener} — whether the socket closed ({@code $disconnect}, the sweeper) or the gateway
 * answered 410 to a push. A second forget of the same connection finds nothing, so listeners hear it once; the SDK's
 * retry of the delete itself, after its answer was lost, still counts as the call that deleted it.
 */
@Singleton
public class Departures {
    private static final Logger LOG = LoggerFactory.getLogger(Departures.class);

    private final Presence presence;
    /** Resolved at the first departure: building them (orders, drivers) is no work for {@code $connect}. */
    private final BeanProvider<DisconnectListener> listeners;

    public Departures(Presence presence, BeanProvider<DisconnectListener> listeners) {
        this.presence = presence;
        this.listeners = listeners;
    }

    /** A closed connection: forgets it ({@link Presence#delAll}) and tells the listeners when it was there. */
    public Optional<Connection> closed(String connectionId) {
        return told(presence.delAll(connectionId));
    }

    /** A connection the gateway found gone: forgets it unless still handshaking ({@link Presence#delGone}). */
    public Optional<Connection> gone(String connectionId) {
        return told(presence.delGone(connectionId));
    }

    private Optional<Connection> told(Optional<Connection> forgotten) {
        forgotten.ifPresent(connection -> listeners.stream().forEach(listener -> {
            try {
                listener.disconnected(connection);
            } catch (RuntimeException e) {
                LOG.warn("disconnect listener {} failed for {}: {}", listener.getClass().getSimpleName(),
                        connection.connectionId(), e.toString());
            }
        }));
        return forgotten;
    }
}
