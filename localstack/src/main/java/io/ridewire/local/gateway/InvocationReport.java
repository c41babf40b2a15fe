package io.ridewire.local.gateway;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import io.ridewire.model.identity.Caller;
import io.ridewire.functions.observability.LogContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line per handler invocation, as SAM CLI's per-invocation REPORT: route, connection, user, status (and the
 * reply's type on two-way routes), duration. With {@code RIDEWIRE_LOG_FORMAT=json} the same fields are JSON (the
 * line's MDC), like every other log line.
 */
final class InvocationReport {
    private static final Logger LOG = LoggerFactory.getLogger("io.ridewire.local.Invocations");
    private static final Pattern REPLY_TYPE = Pattern.compile("^\\{\\s*\"type\"\\s*:\\s*\"([^\"]{1,64})\"");

    private InvocationReport() {
    }

    static void report(String routeKey, APIGatewayV2WebSocketEvent event, APIGatewayV2WebSocketResponse response,
                       RuntimeException failure, long startedNanos) {
        if (!LOG.isInfoEnabled()) {
            return;
        }
        var context = event.getRequestContext();
        String user = Caller.fromAuthorizerContext(context.getAuthorizer()).map(Caller::userId).orElse("-");
        String status = failure != null ? "error" : String.valueOf(response == null ? 200 : response.getStatusCode());
        String reply = failure != null ? failure.getClass().getSimpleName() : replyType(response);
        String duration = String.format(Locale.ROOT, "%.2f", (System.nanoTime() - startedNanos) / 1e6);
        try (LogContext ids = LogContext.open(null, context.getConnectionId(), context.getRequestId(), routeKey, user)) {
            ids.put("status", status).put("reply", reply).put("durationMs", duration);
            LOG.info("REPORT route={} connection={} user={} status={}{} duration={} ms", routeKey,
                    context.getConnectionId(), user, status, reply == null ? "" : " reply=" + reply, duration);
        } finally {
            MDC.remove("status");
            MDC.remove("reply");
            MDC.remove("durationMs");
        }
    }

    private static String replyType(APIGatewayV2WebSocketResponse response) {
        if (response == null || response.getBody() == null) {
            return null;
        }
        Matcher matcher = REPLY_TYPE.matcher(response.getBody());
        return matcher.find() ? matcher.group(1) : null;
    }
}
