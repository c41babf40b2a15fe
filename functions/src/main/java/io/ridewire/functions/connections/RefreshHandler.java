package io.ridewire.functions.connections;

import io.micronaut.context.ApplicationContext;
import io.ridewire.functions.auth.SessionLifetime;
import io.ridewire.functions.auth.TokenRules;
import io.ridewire.functions.auth.TokenVerifier;
import io.ridewire.functions.gateway.Inbound;
import io.ridewire.functions.gateway.Reply;
import io.ridewire.functions.gateway.RouteHandler;
import io.ridewire.model.protocol.EventType;
import io.ridewire.model.inbound.AuthRefresh;
import io.ridewire.model.protocol.payload.ConnectionError;
import io.ridewire.model.protocol.payload.TokenExpiry;
import jakarta.inject.Inject;

import java.time.Clock;
import java.util.Optional;

/**
 * {@code auth.refresh} {@code {"token": "<jwt>"}} → {@code auth.refreshed} with the new expiry: a valid token for the
 * same subject, role and store extends the session. Anything else → {@code connection.error}
 * AUTH_REFRESH_REFUSED and the session keeps its old expiry.
 */
public class RefreshHandler extends RouteHandler {
    @Inject
    TokenVerifier verifier;
    @Inject
    SessionLifetime lifetime;
    @Inject
    Clock clock;

    public RefreshHandler() {
    }

    public RefreshHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected Reply handle(Inbound message) {
        AuthRefresh refresh = AuthRefresh.read(message.fields());
        Optional<TokenRules.Accepted> verified = verifier.verify(refresh.token())
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
