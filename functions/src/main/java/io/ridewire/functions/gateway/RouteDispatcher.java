package io.ridewire.functions.gateway;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import io.ridewire.functions.auth.SessionLifetime;
import io.ridewire.model.events.Trace;
import io.ridewire.model.identity.Caller;
import io.ridewire.functions.observability.LogContext;
import io.ridewire.functions.observability.RouteMetrics;
import io.ridewire.model.protocol.Envelope;
import io.ridewire.model.protocol.EventType;
import io.ridewire.model.protocol.InvalidMessage;
import io.ridewire.model.protocol.ServerMessage;
import io.ridewire.model.protocol.WireFormat;
import io.ridewire.model.protocol.payload.ConnectionError;
import io.ridewire.model.protocol.payload.RateLimitError;
import io.ridewire.model.protocol.payload.ValidationError;
import io.ridewire.functions.ratelimit.RateLimiter;
import io.ridewire.deployment.Route;
import io.ridewire.functions.push.Audience;
import io.ridewire.functions.push.Push;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The steps every message route shares: read the caller from the authorizer context, refuse a message whose session
 * token has expired ({@link SessionLifetime}), decode the envelope, apply
 * the rate limit, run the route, and turn the outcome — a reply (one event as the route response; of several, all
 * but the last pushed to the caller in order), a validation error, a rate-limit error or an internal error — into the route response.
 * Nothing a client sends makes a handler throw or closes its connection.
 */
@Singleton
public class RouteDispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(RouteDispatcher.class);

    private static final Pattern REPLY_TYPE = Pattern.compile("^\\{\\s*\"type\"\\s*:\\s*\"([^\"]+)\"");

    private final RouteMetrics metrics;
    private final WireFormat wire;
    private final RateLimiter limiter;
    private final Clock clock;
    private final SessionLifetime lifetime;
    // resolved on the first pushed reply, so routes that never push start without the sender
    private final Provider<Push> push;

    public RouteDispatcher(WireFormat wire, RateLimiter limiter, Clock clock, SessionLifetime lifetime,
                           RouteMetrics metrics, Provider<Push> push) {
        this.metrics = metrics;
        this.push = push;
        this.wire = wire;
        this.limiter = limiter;
        this.clock = clock;
        this.lifetime = lifetime;
    }

    public APIGatewayV2WebSocketResponse dispatch(APIGatewayV2WebSocketEvent event, Function<Inbound, Reply> route) {
        var context = event.getRequestContext();
        Trace trace = Trace.start(null, context.getMessageId());
        try (LogContext ids = LogContext.open(trace.traceId(), context.getConnectionId(), context.getRequestId(),
                context.getRouteKey(), null)) {
            long started = System.nanoTime();
            APIGatewayV2WebSocketResponse response = dispatch(event, route, trace, ids);
            metrics.handled(context.getRouteKey(), outcome(response), Duration.ofNanos(System.nanoTime() - started),
                    context.getRequestTimeEpoch() > 0 ? Instant.ofEpochMilli(context.getRequestTimeEpoch()) : null,
                    clock.instant());
            return response;
        }
    }

    /** What the answer says of the message: ok, invalid, rate_limited or error. */
    private static String outcome(APIGatewayV2WebSocketResponse response) {
        Matcher type = REPLY_TYPE.matcher(response.getBody() == null ? "" : response.getBody());
        if (!type.find()) {
            return "ok";
        }
        return switch (type.group(1)) {
            case "error.validation" -> "invalid";
            case "error.rate_limit" -> "rate_limited";
            case "connection.error" -> "error";
            default -> "ok";
        };
    }

    private APIGatewayV2WebSocketResponse dispatch(APIGatewayV2WebSocketEvent event, Function<Inbound, Reply> route,
                                                   Trace started, LogContext ids) {
        var context = event.getRequestContext();
        Optional<Caller> caller = Caller.fromAuthorizerContext(context.getAuthorizer());
        if (caller.isEmpty()) {
            LOG.error("route {} reached without authorizer context: is $connect guarded by the authorizer?",
                    context.getRouteKey());
            return respond(ServerMessage.of(EventType.CONNECTION_ERROR, newId(),
                    new ConnectionError("Authentication required", "UNAUTHORIZED", clock.instant())));
        }
        ids.put(LogContext.USER_ID, caller.get().userId());
        String body = event.getBody();
        Instant receivedAt = context.getRequestTimeEpoch() > 0
                ? Instant.ofEpochMilli(context.getRequestTimeEpoch()) : clock.instant();
        if (expired(context.getAuthorizer(), context.getConnectionId(), receivedAt)) {
            return respond(ServerMessage.of(EventType.CONNECTION_ERROR, replyId(wire.idOrNull(body)), new ConnectionError(
                    "The session's token has expired", ConnectionError.AUTH_EXPIRED, clock.instant())));
        }
        Envelope envelope;
        try {
            envelope = wire.decode(body);
        } catch (InvalidMessage invalid) {
            return limited(caller.get(), Route.DEFAULT, wire.idOrNull(body))
                    .orElseGet(() -> invalid(wire.typeOrNull(body), wire.idOrNull(body), invalid));
        }
        // $default is limited as one route, so varying unknown types cannot dodge the limit
        String limitKey = Route.DEFAULT.equals(context.getRouteKey()) ? Route.DEFAULT : envelope.type();
        Optional<APIGatewayV2WebSocketResponse> limited = limited(caller.get(), limitKey, envelope.id());
        if (limited.isPresent()) {
            return limited.get();
        }
        String replyId = replyId(envelope.id());
        String connectionId = context.getConnectionId();
        Inbound inbound = new Inbound(caller.get(), connectionId, envelope, receivedAt,
                new Trace(started.traceId(), started.spanId(), envelope.id() != null ? envelope.id() : started.traceId(),
                        context.getMessageId()),
                early -> push(messages(early, replyId), connectionId));
        try {
            List<ServerMessage> messages = messages(route.apply(inbound), replyId);
            if (messages.isEmpty()) {
                return new APIGatewayV2WebSocketResponse();
            }
            // the last one as the route response: it is sent after the pushes, so the caller reads them in order
            push(messages.subList(0, messages.size() - 1), connectionId);
            return respond(messages.getLast());
        } catch (InvalidMessage invalid) {
            return invalid(envelope.type(), envelope.id(), invalid);
        } catch (RuntimeException e) {
            LOG.error("route {} failed for connection {}", envelope.type(), context.getConnectionId(), e);
            return respond(ServerMessage.of(EventType.CONNECTION_ERROR, replyId,
                    new ConnectionError("Internal server error", "INTERNAL_ERROR", clock.instant())));
        }
    }

    /** A reply as server messages in order: the first echoes the message id, any further ones get ids of their own. */
    private static List<ServerMessage> messages(Reply reply, String replyId) {
        return switch (reply) {
            case Reply.Event one -> List.of(ServerMessage.of(one.type(), replyId, one.payload()));
            case Reply.Events several -> {
                List<ServerMessage> messages = new ArrayList<>();
                for (Reply.Event event : several.events()) {
                    messages.add(messages.isEmpty() ? ServerMessage.of(event.type(), replyId, event.payload())
                            : Push.event(event.type(), event.payload()));
                }
                yield messages;
            }
            case Reply.None none -> List.of();
        };
    }

    /** Pushes messages to the sending connection one after the other, each accepted before the next is sent. */
    private void push(List<ServerMessage> messages, String connectionId) {
        for (ServerMessage message : messages) {
            push.get().deliver(Audience.connection(connectionId), message);
        }
    }

    /** Fails closed: when the connection row cannot be read after the first token's expiry, the session counts as over. */
    private boolean expired(java.util.Map<String, Object> authorizer, String connectionId, Instant at) {
        try {
            return lifetime.hasExpired(authorizer, connectionId, at);
        } catch (RuntimeException e) {
            LOG.warn("session expiry of {} not readable ({}): refusing the message", connectionId, e.toString());
            return true;
        }
    }

    private Optional<APIGatewayV2WebSocketResponse> limited(Caller caller, String eventType, String messageId) {
        RateLimiter.Decision decision = limiter.check(caller.userId(), eventType);
        if (decision.allowed()) {
            return Optional.empty();
        }
        return Optional.of(respond(ServerMessage.of(EventType.ERROR_RATE_LIMIT, replyId(messageId),
                new RateLimitError("Rate limit exceeded", eventType, decision.limit().count(),
                        decision.limit().window().toSeconds(), decision.retryAfterSeconds(), clock.instant()))));
    }

    private APIGatewayV2WebSocketResponse invalid(String originalType, String messageId, InvalidMessage invalid) {
        return respond(ServerMessage.of(EventType.ERROR_VALIDATION, replyId(messageId),
                ValidationError.of(originalType, invalid, clock.instant())));
    }

    private APIGatewayV2WebSocketResponse respond(ServerMessage message) {
        APIGatewayV2WebSocketResponse response = new APIGatewayV2WebSocketResponse();
        response.setStatusCode(200);
        response.setBody(wire.encode(message));
        return response;
    }

    private static String replyId(String clientId) {
        return clientId != null ? clientId : newId();
    }

    private static String newId() {
        return UUID.randomUUID().toString();
    }
}
