package io.ridewire.events;

import java.time.Duration;
import java.util.List;

/** The JetStream streams Ridewire publishes to, after the spec's stream configuration. */
public final class StreamCatalogue {
    /** User lifecycle events ({@code user.>}): session started. */
    public static final StreamSpec USERS =
            new StreamSpec("USER_EVENTS", List.of("user.>"), false, false, Duration.ofHours(24), 1_000_000);

    private static final List<StreamSpec> ALL = List.of(USERS);

    private StreamCatalogue() {
    }

    public static List<StreamSpec> all() {
        return ALL;
    }
}
