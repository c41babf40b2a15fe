package io.ridewire.bridge.sweeper;

import io.ridewire.bridge.ops.AsBridge;
import io.ridewire.bridge.ops.Periodic;
import io.ridewire.deployment.BridgeCatalogue;
import io.ridewire.functions.aws.ManagementApi;
import io.ridewire.functions.connections.Sessions;
import io.ridewire.functions.connections.Unswept;
import io.ridewire.functions.presence.Census;
import io.ridewire.functions.presence.Connection;
import io.ridewire.functions.presence.ConnectionSettings;
import io.ridewire.functions.presence.Presence;
import io.ridewire.functions.presence.ProbePlan;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;

/**
 * Removes the rows of connections that are gone although no {@code $disconnect} removed them (the integration failed
 * for good, a process died) and no push has met their 410. Each pass first forgets the connections a failing
 * {@code $disconnect} handed over ({@link Unswept}), then reads every connection row once: a row past its TTL is
 * forgotten, and a live row is checked with the gateway ({@link ProbePlan}) and forgotten when the gateway answers 410. Forgetting goes through {@link Sessions#close}, as {@code $disconnect} does, so memberships, the
 * session and per-connection state elsewhere go too. Runs in the long-lived processes (the bridge, the local stack);
 * several sweepers at once only repeat each other's idempotent work. Its DynamoDB calls are the bridge's
 * ({@link BridgeCatalogue#PRINCIPAL}).
 */
@Singleton
public class ConnectionSweeper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionSweeper.class);

    /** What one pass did. */
    public record Swept(int unswept, int expired, int probed, int gone) {
    }

    private enum Answer { OPEN, GONE, UNKNOWN }

    private final Presence presence;
    private final Sessions sessions;
    private final Unswept unswept;
    private final ManagementApi api;
    private final SweepSettings settings;
    private final Clock clock;
    private final ProbePlan plan;
    private volatile Periodic loop;

    public ConnectionSweeper(Presence presence, Sessions sessions, Unswept unswept, ManagementApi api,
                             SweepSettings settings, ConnectionSettings connections, Clock clock) {
        this.presence = presence;
        this.sessions = sessions;
        this.unswept = unswept;
        this.api = api;
        this.settings = settings;
        this.clock = clock;
        this.plan = new ProbePlan(settings.getProbeInterval(), connections.getHandshakeGrace(), settings.getProbesPerPass());
    }

    public synchronized void start() {
        if (settings.isEnabled() && loop == null) {
            loop = Periodic.start("connection-sweeper", this::sweepAndReport, settings.getInterval(),
                    settings.getInterval(), e -> LOG.warn("connection sweep failed: {}", e.toString()));
        }
    }

    private void sweepAndReport() {
        Swept swept = sweepOnce();
        if (swept.unswept() + swept.expired() + swept.gone() > 0) {
            LOG.info("swept {} connections left by a failed $disconnect, {} expired, {} gone ({} checked "
                    + "with the gateway)", swept.unswept(), swept.expired(), swept.gone(), swept.probed());
        }
    }

    /**
     * One pass: forgets the connections a failed {@code $disconnect} left, then the expired rows, then checks the
     * connections that are due with the gateway.
     */
    public synchronized Swept sweepOnce() {
        return AsBridge.get(this::sweep);
    }

    private Swept sweep() {
        int left = 0;
        for (String connectionId : unswept.waiting()) {
            try {
                left += sessions.close(connectionId).isPresent() ? 1 : 0;
                unswept.done(connectionId);
            } catch (RuntimeException e) {
                LOG.warn("could not sweep connection {} (next pass tries again): {}", connectionId, e.toString());
            }
        }
        Census census = presence.census();
        int expired = 0;
        for (Connection connection : census.expired()) {
            expired += forget(connection.connectionId()) ? 1 : 0;
        }
        Instant now = clock.instant();
        List<String> due = plan.due(census.live(), now);
        Map<String, CompletableFuture<Answer>> answers = new LinkedHashMap<>();
        Semaphore slots = new Semaphore(settings.getProbeConcurrency());
        for (String connectionId : due) {
            try {
                slots.acquire();
            } catch (InterruptedException stopping) {
                Thread.currentThread().interrupt();
                break;
            }
            answers.put(connectionId, api.describe(connectionId).handle((ok, error) -> {
                slots.release();
                return answer(error);
            }));
        }
        int gone = 0;
        for (Map.Entry<String, CompletableFuture<Answer>> probe : answers.entrySet()) {
            switch (probe.getValue().join()) {
                case OPEN -> plan.alive(probe.getKey(), now);
                case GONE -> gone += forget(probe.getKey()) ? 1 : 0;
                case UNKNOWN -> { } // the gateway did not answer: asked again next pass
            }
        }
        return new Swept(left, expired, due.size(), gone);
    }

    private static Answer answer(Throwable error) {
        if (error == null) {
            return Answer.OPEN;
        }
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof GoneException) {
            return Answer.GONE;
        }
        LOG.debug("gateway check failed: {}", cause.toString());
        return Answer.UNKNOWN;
    }

    private boolean forget(String connectionId) {
        try {
            return sessions.close(connectionId).isPresent();
        } catch (RuntimeException e) {
            LOG.warn("could not sweep connection {} (next pass tries again): {}", connectionId, e.toString());
            return false;
        }
    }

    /** Not synchronized: it interrupts a pass in progress instead of waiting for it. */
    @Override
    public void close() {
        Periodic running = loop;
        loop = null;
        if (running != null) {
            running.close();
        }
    }
}
