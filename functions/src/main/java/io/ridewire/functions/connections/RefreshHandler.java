package io.ridewire.functions.connections;

import io.micronaut.context.ApplicationContext;
import io.ridewire.functions.auth.SessionLifetime;
import io.ridewire.functions.auth.TokenRules;
import io.ridewire.functions.auth.TokenVerifier;
import io.ridewire.functions.gateway.Inbound;
import io.ridewire.functions.gateway.Reply;
import io.ridewire.functions.gateway.RouteHandler;
import io.ridewire.model.protocol.EventType;
import io.ridewire.model.protocol.payload.ConnectionError;
import io.ridewire.model.protocol.payload.TokenExpiry;

import java.time.Clock;
import java.util.Optional;

/**
 * {@code auth.refresh} {@code {"token": "<jwt>"}} → {@code auth.refreshed} with the new expiry: a valid token for the
 * same subject, role and store extends the session. Anything else → {@code connection.error}
 * AUTH_REFRESH_REFUSED and the session keeps its old expiry.
 */
public class RefreshHandler extends RouteHandler {
    /** The longest token accepted (an RS256 JWT with a few claims is about 1 KB). */
    static final int MAX_TOKEN_LENGTH = 8192;

    private final TokenVerifier verifier;
    private final SessionLifetime lifetime;
    private final Clock clock;

    public RefreshHandler() {
        this.verifier = applicationContext.getBean(TokenVerifier.class);
        this.lifetime = applicationContext.getBean(SessionLifetime.class);
        this.clock = applicationContext.getBean(Clock.class);
    }

    public RefreshHandler(ApplicationContext context) {
        super(context);
        this.verifier = context.getBean(TokenVerifier.class);
        this.lifetime = context.getBean(SessionLifetime.class);
        this.clock = context.getBean(Clock.class);
    }

    @Override
    protected Reply handle(Inbound message) {
        String token = message.fields().string("token", MAX_TOKEN_LENGTH);
        Optional<TokenRules.Accepted> verified = verifier.verify(token)
                .filter(accepted -> accepted.caller().equals(message.caller()));
        if (verified.isEmpty()) {
            return refused("The token is invalid or names another user or role");
        }
        if (!lifetime.extend(message.connectionId(), verified.get().expiresAt())) {
            return refused("The connection is gone");
        }
        return Reply.of(EventType.AUTH_REFRESHED, new TokenExpiry(verified.get().expiresAt()));
    }

    private Reply refused(String why) {
        return Reply.of(EventType.CONNECTION_ERROR,
                new ConnectionError(why, ConnectionError.AUTH_REFRESH_REFUSED, clock.instant()));
    }
}
