package io.ridewire.functions.system;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Context;
import io.ridewire.functions.aws.ManagementApi;
import io.ridewire.functions.auth.TokenVerifier;
import io.ridewire.functions.gateway.GatewayEvents;
import io.ridewire.functions.gateway.Reply;
import io.ridewire.functions.gateway.RouteDispatcher;
import io.ridewire.functions.jvm.ClassPreload;
import io.ridewire.model.identity.Caller;
import io.ridewire.model.identity.Role;
import io.ridewire.functions.events.NatsConnection;
import io.ridewire.functions.presence.Connection;
import io.ridewire.functions.presence.Presence;
import io.ridewire.model.protocol.EventType;
import io.ridewire.model.protocol.ServerMessage;
import io.ridewire.model.protocol.WireFormat;
import io.ridewire.model.protocol.payload.Pong;
import io.ridewire.functions.ratelimit.RateLimiter;
import io.ridewire.functions.redis.RedisConnections;
import io.ridewire.deployment.Route;
import io.nats.client.JetStreamApiException;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * SnapStart priming: just before Lambda snapshots an initialised function, run what every first request runs, so
 * the classes it loads, the code it warms and the clients it builds are in the snapshot instead of on the first
 * request after every restore (docs/deploy.md lists what is primed). Connections opened for it are closed before
 * the snapshot, since a socket in a snapshot is dead when restored; Redis is reopened in the background after the
 * restore, and the SDK's HTTP pool replaces a stale connection itself.
 */
@Context
public class Priming implements Resource {
    private static final Logger LOG = LoggerFactory.getLogger(Priming.class);
    private static final int ROUNDS = 200;
    /** Longer than a preload takes on a slow start (seconds), short of what a snapshot may take. */
    private static final Duration PRELOAD_WAIT = Duration.ofSeconds(20);
    /** Well formed, signed with a key nobody holds: verification runs to the signature check and refuses it. */
    private static final String FOREIGN_TOKEN = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"
            + ".eyJzdWIiOiJwcmltZSIsInJvbGUiOiJkcml2ZXIiLCJleHAiOjQxMDI0NDQ4MDB9"
            + ".c2lnbmVkLXdpdGgtYS1rZXktbm9ib2R5LWhvbGRzLXByaW1l";

    private final ApplicationContext context;

    public Priming(ApplicationContext context) {
        this.context = context;
        // Lambda's CRaC runtime calls beforeCheckpoint when it snapshots a version; elsewhere nothing calls it.
        Core.getGlobalContext().register(this);
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> checkpoint) {
        ClassPreload.awaitDone(PRELOAD_WAIT);
        prime();
        context.findBean(RedisConnections.class).ifPresent(RedisConnections::closeConnections);
        context.findBean(NatsConnection.class).ifPresent(NatsConnection::closeForSnapshot);
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> checkpoint) {
        // reconnect while the first invocation is on its way, not on it
        context.findBean(RedisConnections.class).ifPresent(redis -> Thread.ofVirtual().name("redis-reopen")
                .start(redis::ping));
        context.findBean(NatsConnection.class).ifPresent(nats -> Thread.ofVirtual().name("nats-reopen")
                .start(nats::connection));
    }

    /** The work done before a snapshot; returns how many messages it round-tripped. */
    public int prime() {
        WireFormat wire = context.getBean(WireFormat.class);
        int rounds = 0;
        for (int i = 0; i < ROUNDS; i++) {
            wire.decode("{\"type\":\"ping\",\"id\":\"prime-" + i + "\",\"payload\":{\"n\":" + i + "}}");
            wire.encode(ServerMessage.of(EventType.PONG, "prime-" + i, new Pong(Instant.EPOCH)));
            rounds++;
        }
        String user = "prime-" + UUID.randomUUID();
        attempt("message route", () -> dispatchPing(user));
        attempt("$connect rate limit", () -> context.getBean(RateLimiter.class).check(user, Route.CONNECT));
        attempt("DynamoDB read", () -> context.getBean(Presence.class).find(user));
        attempt("a connection opened and forgotten", () -> openAndForget(user));
        attempt("JetStream publish", this::publishNowhere);
        attempt("token verification", () -> context.getBean(TokenVerifier.class).verify(FOREIGN_TOKEN));
        context.findBean(DynamoDbClient.class);
        attempt("management API client", () -> context.getBean(ManagementApi.class));
        return rounds;
    }

    /**
     * A {@code ping} from a priming user through the dispatcher every message route shares: authorizer context,
     * decode, rate limit (the Redis connection and Bucket4j's script), reply encoding.
     */
    private void dispatchPing(String user) {
        APIGatewayV2WebSocketEvent event = GatewayEvents.message(user, new Caller(user, Role.DRIVER, null), "ping",
                "{\"type\":\"ping\",\"id\":\"prime\"}");
        context.getBean(RouteDispatcher.class).dispatch(event, inbound -> Reply.of(EventType.PONG, new Pong(Instant.EPOCH)));
    }

    /**
     * What {@code $connect} and {@code $disconnect} do to storage, for a priming user's connection in no room: the
     * connection row and the session (DynamoDB writes, the session copy's scripts in Redis), then their removal.
     */
    private void openAndForget(String user) {
        Presence presence = context.getBean(Presence.class);
        presence.addAll(new Connection(user, new Caller(user, Role.DRIVER, null), Instant.now(), Set.of()), false);
        presence.delAll(user);
    }

    /**
     * The NATS connection and JetStream's publish path, with a publish to a subject no stream takes: JetStream
     * answers "no responders" and nothing is stored.
     */
    private void publishNowhere() {
        context.getBean(NatsConnection.class).jetStream().ifPresent(jetStream -> {
            try {
                jetStream.publish("_ridewire_priming." + UUID.randomUUID(), new byte[0]);
            } catch (IOException | JetStreamApiException expected) {
                LOG.debug("priming publish answered as expected: {}", expected.toString());
            }
        });
    }

    /** A priming step that cannot run here (no endpoint, Redis down, no JWT secret in this function) is skipped. */
    private static void attempt(String what, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            LOG.debug("priming skipped {}: {}", what, e.toString());
        }
    }
}
