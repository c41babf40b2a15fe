package io.ridewire.model.events;

import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Trace fields carried from an inbound message to the events it causes.
 *
 * @param traceId       the whole flow's id
 * @param spanId        this step's id
 * @param correlationId what ties the flow's events together (the client message id where there is one)
 * @param causationId   the id of the message or event that caused this one
 */
public record Trace(String traceId, String spanId, String correlationId, String causationId) {

    /** A new trace: W3C trace-context ids (32 and 16 lower-case hex digits), so they travel as {@code traceparent}. */
    public static Trace start(String correlationId, String causationId) {
        String traceId = hex(16);
        return new Trace(traceId, hex(8), correlationId != null ? correlationId : traceId, causationId);
    }

    /** A child step of this trace caused by {@code causationId}. */
    public Trace child(String causationId) {
        return new Trace(traceId, hex(8), correlationId, causationId);
    }

    /** The W3C {@code traceparent} header value: version 00, this trace and span, sampled. */
    public String traceparent() {
        return "00-" + traceId + "-" + spanId + "-01";
    }

    /** The trace id a {@code traceparent} header carries, when it is well-formed. */
    public static Optional<String> traceIdOf(String traceparent) {
        if (traceparent == null || !TRACEPARENT.matcher(traceparent).matches()) {
            return Optional.empty();
        }
        return Optional.of(traceparent.substring(3, 35));
    }

    private static final Pattern TRACEPARENT =
            Pattern.compile("[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
