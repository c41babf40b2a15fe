package io.ridewire.functions.observability;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log line per push of one event (to however many connections), carrying the MDC of the work that caused it —
 * above all its {@code traceId} — so a message's trace leads to the frames it made the gateway send; and the
 * {@link RouteMetrics#PUSHES} counts.
 */
public final class PushLog {
    private static final Logger LOG = LoggerFactory.getLogger(PushLog.class);

    private PushLog() {
    }

    public static void pushed(String type, String eventId, int delivered, int gone, int failed) {
        RouteMetrics.pushed(delivered, gone, failed);
        if (failed > 0) {
            LOG.warn("push {} {}: {} delivered, {} gone, {} failed", type, eventId, delivered, gone, failed);
        } else {
            LOG.info("push {} {}: {} delivered, {} gone", type, eventId, delivered, gone);
        }
    }
}
