package io.ridewire.functions.observability;

import io.ridewire.model.events.Trace;
import org.slf4j.MDC;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ids every log line of one unit of work carries — {@code traceId}, {@code connectionId}, {@code requestId},
 * {@code route}, {@code userId} — put in the logging MDC for the work's duration and restored after, so that one
 * grep (or Logs Insights {@code filter mdc.traceId = …}) follows a message through the functions and the bridge.
 */
public final class LogContext implements AutoCloseable {
    public static final String TRACE_ID = "traceId";
    public static final String CONNECTION_ID = "connectionId";
    public static final String REQUEST_ID = "requestId";
    public static final String ROUTE = "route";
    public static final String USER_ID = "userId";
    /** The NATS header carrying the W3C trace context of a published event. */
    public static final String TRACEPARENT = "traceparent";

    private final Map<String, String> previous = new LinkedHashMap<>();

    private LogContext() {
    }

    /** Opens a context; null values are left out. Close it (try-with-resources) to restore what was there. */
    public static LogContext open(String traceId, String connectionId, String requestId, String route, String userId) {
        LogContext context = new LogContext();
        context.put(TRACE_ID, traceId);
        context.put(CONNECTION_ID, connectionId);
        context.put(REQUEST_ID, requestId);
        context.put(ROUTE, route);
        context.put(USER_ID, userId);
        return context;
    }

    /**
     * The context of a JetStream message's work: the trace id its W3C {@code traceparent} header carries (set by
     * {@code EventPublisher}), and the subject as the route.
     */
    public static LogContext forMessage(io.nats.client.Message message, String route) {
        String traceparent = message.getHeaders() == null ? null : message.getHeaders().getFirst(TRACEPARENT);
        return open(Trace.traceIdOf(traceparent).orElse(null), null, null, route, null);
    }

    /** Adds one more id to this context (e.g. the user, once the caller is known). */
    public LogContext put(String key, String value) {
        if (value == null) {
            return this;
        }
        if (!previous.containsKey(key)) {
            previous.put(key, MDC.get(key));
        }
        MDC.put(key, value);
        return this;
    }

    /** The trace id of the work running on this thread, if any. */
    public static String currentTraceId() {
        return MDC.get(TRACE_ID);
    }

    @Override
    public void close() {
        previous.forEach((key, value) -> {
            if (value == null) {
                MDC.remove(key);
            } else {
                MDC.put(key, value);
            }
        });
    }
}
