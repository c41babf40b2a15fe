package io.ridewire.functions.presence;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which connections the sweeper asks the gateway about ({@code GET @connections/{id}}), so a connection that vanished
 * without {@code $disconnect} (a failed integration, a lost process) is found long before its TTL. A connection is
 * asked about once it has been seen in the table for a whole {@code interval}, then every {@code interval}; never
 * while handshaking (the gateway answers 410 until {@code $connect} returns); at most {@code perPass} per pass,
 * oldest-checked first. Not thread-safe: one sweeper owns one plan.
 */
public final class ProbePlan {
    private final Duration interval;
    private final Duration handshakeGrace;
    private final int perPass;
    /** When each known connection was last seen alive (first seen, or last probe that found it open). */
    private Map<String, Instant> checked = new HashMap<>();

    public ProbePlan(Duration interval, Duration handshakeGrace, int perPass) {
        if (interval.isNegative() || interval.isZero() || perPass < 1) {
            throw new IllegalArgumentException("probe interval must be positive and perPass at least 1");
        }
        this.interval = interval;
        this.handshakeGrace = handshakeGrace;
        this.perPass = perPass;
    }

    /** The connections to probe now, given every connection in the table; forgets those no longer there. */
    public List<String> due(List<Connection> connections, Instant now) {
        Map<String, Instant> next = new HashMap<>();
        List<Map.Entry<String, Instant>> due = new ArrayList<>();
        for (Connection connection : connections) {
            Instant seen = checked.getOrDefault(connection.connectionId(), now);
            next.put(connection.connectionId(), seen);
            boolean handshaking = connection.connectedAt().plus(handshakeGrace).isAfter(now);
            if (!handshaking && !seen.plus(interval).isAfter(now)) {
                due.add(Map.entry(connection.connectionId(), seen));
            }
        }
        checked = next;
        due.sort(Map.Entry.comparingByValue());
        return due.stream().limit(perPass).map(Map.Entry::getKey).toList();
    }

    /** The gateway said the connection is open. */
    public void alive(String connectionId, Instant now) {
        checked.computeIfPresent(connectionId, (id, seen) -> now);
    }
}
