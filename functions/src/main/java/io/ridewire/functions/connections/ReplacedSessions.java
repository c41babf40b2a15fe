package io.ridewire.functions.connections;

import io.ridewire.functions.deadlines.Deadline;
import io.ridewire.functions.deadlines.DeadlineHandler;
import io.ridewire.functions.deadlines.DeadlineSettings;
import io.ridewire.functions.deadlines.Deadlines;
import io.ridewire.functions.presence.Presence;
import io.ridewire.functions.push.Delivery.Outcome;
import io.ridewire.functions.push.Push;
import io.ridewire.model.protocol.EventType;
import io.ridewire.model.protocol.payload.ConnectionError;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;

/**
 * Closes a user's older connection when a newer one takes the session over (one session per user), telling it why
 * so its client stops rather than reconnecting to take the session back. A close the gateway fails (a 5xx, a 429,
 * a timeout) is not left at that: a deadline ({@link #KIND}) closes it again until it is closed or gone, so one
 * failed call never leaves two sockets of one user open.
 */
@Singleton
public class ReplacedSessions implements DeadlineHandler {
    static final String KIND = "session.replaced";
    private static final Logger LOG = LoggerFactory.getLogger(ReplacedSessions.class);

    private final Push push;
    private final Presence presence;
    private final Deadlines deadlines;
    private final DeadlineSettings settings;
    private final Clock clock;

    public ReplacedSessions(Push push, Presence presence, Deadlines deadlines, DeadlineSettings settings, Clock clock) {
        this.push = push;
        this.presence = presence;
        this.deadlines = deadlines;
        this.settings = settings;
        this.clock = clock;
    }

    /** Closes {@code older} now; when the gateway fails the close, the deadline poller closes it. */
    void close(String older) {
        if (closeNow(older) != Outcome.FAILED) {
            return;
        }
        LOG.warn("closing replaced connection {} failed: the deadline poller closes it", older);
        try {
            deadlines.schedule(new Deadline(KIND + ":" + older, KIND, clock.instant().plus(settings.getRetryDelay()),
                    older));
        } catch (RuntimeException e) {
            // the new connection still opens: refusing it would leave the user with none
            LOG.warn("replaced connection {} stays open until it closes or is swept: {}", older, e.toString());
        }
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public void fire(Deadline deadline) {
        String older = deadline.payload();
        if (presence.find(older).isPresent() && closeNow(older) == Outcome.FAILED) {
            throw new IllegalStateException("closing replaced connection " + older + " failed again");
        }
    }

    private Outcome closeNow(String older) {
        return closeWithin(older, Duration.ZERO);
    }

    /**
     * Tells {@code older} that a newer connection took the session over, then closes it; a 410 is retried within
     * {@code budget}, for a connection still handshaking. Without the reason its client would reconnect and take the
     * session back.
     */
    Outcome closeWithin(String older, Duration budget) {
        return push.closeWith(older, Push.event(EventType.CONNECTION_ERROR, new ConnectionError(
                "A newer connection of this user took the session over", ConnectionError.SESSION_REPLACED,
                clock.instant())), budget);
    }
}
