package io.ridewire.events;

import java.time.Duration;
import java.util.List;

/** The JetStream streams Ridewire publishes to, after the spec's stream configuration. */
public final class StreamCatalogue {
    /** User lifecycle events ({@code user.>}): session started. */
    public static final StreamSpec USERS =
            new StreamSpec("USER_EVENTS", List.of("user.>"), false, false, Duration.ofHours(24), 1_000_000);

    /** Location events ({@code location.>}): the spec's LOCATION_EVENTS, memory storage, work queue, 1 h. */
    public static final StreamSpec LOCATION =
            new StreamSpec("LOCATION_EVENTS", List.of("location.>"), true, true, Duration.ofHours(1), 100_000);
    /**
     * Match events ({@code match.>}). The spec's match consumers filter {@code match.>} on a stream whose subjects
     * are {@code nebengjek.>}, which cannot deliver them; Ridewire gives them a stream with NEBENGJEK_EVENTS' limits.
     */
    public static final StreamSpec MATCHES =
            new StreamSpec("MATCH_EVENTS", List.of("match.>"), false, false, Duration.ofHours(24), 1_000_000);

    private static final List<StreamSpec> ALL = List.of(USERS, LOCATION, MATCHES);

    private StreamCatalogue() {
    }

    public static List<StreamSpec> all() {
        return ALL;
    }
}
