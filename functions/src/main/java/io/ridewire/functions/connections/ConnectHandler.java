package io.ridewire.functions.connections;

import io.ridewire.functions.jvm.LambdaContexts;
import io.ridewire.functions.jvm.StartupDefaults;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.MicronautRequestHandler;
import io.ridewire.functions.auth.SessionLifetime;
import io.ridewire.model.events.Trace;
import io.ridewire.model.identity.Caller;
import io.ridewire.functions.observability.LogContext;
import io.ridewire.functions.ratelimit.RateLimiter;
import io.ridewire.deployment.Route;
import jakarta.inject.Inject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code $connect}, after the authorizer: records the connection and its rooms. A non-2xx answer refuses the
 * handshake with that status (429 when the user reconnects too often).
 */
public class ConnectHandler extends MicronautRequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> {
    static {
        StartupDefaults.apply(); // before the context starts Netty and Lettuce
    }

    private static final Logger LOG = LoggerFactory.getLogger(ConnectHandler.class);

    @Inject
    Sessions sessions;
    @Inject
    RateLimiter limiter;
    @Inject
    Clock clock;
    @Inject
    SessionLifetime lifetime;

    public ConnectHandler() {
    }

    public ConnectHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected ApplicationContextBuilder newApplicationContextBuilder() {
        return LambdaContexts.builder();
    }

    @Override
    public APIGatewayV2WebSocketResponse execute(APIGatewayV2WebSocketEvent event) {
        var context = event.getRequestContext();
        Trace trace = Trace.start(null, context.getRequestId());
        try (LogContext ids = LogContext.open(trace.traceId(), context.getConnectionId(), context.getRequestId(),
                Route.CONNECT, null)) {
            return connect(event, trace, ids);
        }
    }

    private APIGatewayV2WebSocketResponse connect(APIGatewayV2WebSocketEvent event, Trace trace, LogContext ids) {
        var context = event.getRequestContext();
        Optional<Caller> caller = Caller.fromAuthorizerContext(context.getAuthorizer());
        if (caller.isEmpty()) {
            LOG.error("$connect without authorizer context: the route must be guarded by the authorizer");
            return status(403);
        }
        ids.put(LogContext.USER_ID, caller.get().userId());
        if (!limiter.check(caller.get().userId(), Route.CONNECT).allowed()) {
            return status(429);
        }
        Instant connectedAt = context.getConnectedAt() > 0 ? Instant.ofEpochMilli(context.getConnectedAt()) : clock.instant();
        sessions.open(context.getConnectionId(), caller.get(), connectedAt, trace);
        LOG.info("connected: {} {}", caller.get().role().claim(), caller.get().userId());
        SessionLifetime.fromAuthorizerContext(context.getAuthorizer())
                .ifPresent(expiresAt -> lifetime.begin(context.getConnectionId(), expiresAt));
        return status(200);
    }

    static APIGatewayV2WebSocketResponse status(int code) {
        APIGatewayV2WebSocketResponse response = new APIGatewayV2WebSocketResponse();
        response.setStatusCode(code);
        return response;
    }
}
