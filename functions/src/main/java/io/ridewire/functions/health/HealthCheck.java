package io.ridewire.functions.health;

import java.util.Optional;

/**
 * A part of the running system that can be behind or stopped while every store answers: the deadline poller, the
 * publish queue, the bridge. {@code GET /health} and the bridge's {@code /health} and {@code /ready} report each.
 */
public interface HealthCheck {

    /** The component's name in the report, e.g. {@code deadlines}. */
    String component();

    /** Its state now; empty when it does not run in this process. */
    Optional<Result> check();

    /** How a component is doing. */
    enum Status {
        UP,
        /** Working but behind: events or timers are late. */
        DEGRADED,
        /** Not doing its work. */
        DOWN
    }

    /**
     * @param status its state
     * @param lag    how far behind it is, with its unit ({@code "1250ms"}, {@code "3 events"}); null when not measured
     * @param detail what is wrong, for a human; null when UP
     */
    record Result(Status status, String lag, String detail) {
    }
}
