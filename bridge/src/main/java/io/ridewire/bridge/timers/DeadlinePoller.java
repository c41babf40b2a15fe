package io.ridewire.bridge.timers;

import io.ridewire.bridge.ops.AsBridge;
import io.ridewire.bridge.ops.BridgeMetrics;
import io.ridewire.bridge.ops.Periodic;
import io.ridewire.deployment.BridgeCatalogue;
import io.ridewire.functions.deadlines.DeadlineHandler;
import io.ridewire.functions.deadlines.DeadlineSettings;
import io.ridewire.functions.deadlines.Deadlines;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Fires due deadlines: polls {@link Deadlines} and hands each claimed deadline to the handler of its kind on a
 * virtual thread. Runs in the long-lived processes (the local stack, the bridge container); several pollers may
 * run at once, each deadline still fires once per claim. Its DynamoDB calls, the handlers' included, are the
 * bridge's ({@link BridgeCatalogue#PRINCIPAL}): the local stack's IAM holds them to {@link BridgeCatalogue#NEEDS}.
 */
@Singleton
public class DeadlinePoller implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeadlinePoller.class);
    /**
     * An entry of a kind no handler here serves (written by a newer version during a deploy, say) is offered again
     * this much later, for a process that knows it.
     */
    public static final Duration UNKNOWN_KIND_DELAY = Duration.ofMinutes(1);
    /** Entries of unknown kinds remembered as already warned about; past this many the memory starts over. */
    private static final int WARNED_MAX = 10_000;

    private final Deadlines deadlines;
    private final DeadlineSettings settings;
    private final BridgeMetrics metrics;
    private final Map<String, DeadlineHandler> handlers = new HashMap<>();
    private final Set<String> warnedUnknown = ConcurrentHashMap.newKeySet();
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private Periodic loop;

    /** A poller of its own meters (one of another process, in tests). */
    public DeadlinePoller(Deadlines deadlines, DeadlineSettings settings, List<DeadlineHandler> handlers) {
        this(deadlines, settings, handlers, new BridgeMetrics());
    }

    @Inject
    public DeadlinePoller(Deadlines deadlines, DeadlineSettings settings, List<DeadlineHandler> handlers,
                          BridgeMetrics metrics) {
        this.deadlines = deadlines;
        this.settings = settings;
        this.metrics = metrics;
        // read when scraped, on the meter's thread
        metrics.bindFailingDeadlines(() -> AsBridge.get(deadlines::failingCount));
        metrics.bindDeadlineLag(() -> AsBridge.get(deadlines::lag));
        for (DeadlineHandler handler : handlers) {
            if (this.handlers.put(handler.kind(), handler) != null) {
                throw new IllegalStateException("two deadline handlers for kind " + handler.kind());
            }
        }
    }

    public synchronized void start() {
        if (loop == null) {
            // a store that fails is given ten intervals before the next try
            loop = Periodic.start("deadline-poller", this::pollOnce, settings.getPollInterval(),
                    settings.getPollInterval().multipliedBy(10), e -> LOG.warn("deadline poll failed: {}", e.toString()));
        }
    }

    /** Claims what is due now or within the lookahead and fires each at its time; returns how many were claimed. */
    public int pollOnce() {
        List<Deadlines.Claim> claims = AsBridge.get(() -> deadlines.claimDue(settings.getLookahead()));
        for (Deadlines.Claim claim : claims) {
            workers.execute(() -> AsBridge.run(() -> fireOnTime(claim)));
        }
        return claims.size();
    }

    private void fireOnTime(Deadlines.Claim claim) {
        long wait = claim.deadline().due().toEpochMilli() - System.currentTimeMillis();
        if (wait > 0) {
            try {
                Thread.sleep(wait);
            } catch (InterruptedException stopping) {
                deadlines.release(claim); // this poller stops: another takes it at its time
                return;
            }
            if (!deadlines.stillClaimed(claim)) {
                return; // cancelled or moved while it waited
            }
        }
        fire(claim);
    }

    private void fire(Deadlines.Claim claim) {
        DeadlineHandler handler = handlers.get(claim.deadline().kind());
        if (handler == null) {
            giveBackUnknown(claim);
            return;
        }
        try {
            handler.fire(claim.deadline());
            deadlines.complete(claim);
        } catch (RuntimeException e) {
            metrics.deadlineFailures.increment();
            try {
                Duration wait = deadlines.failed(claim);
                LOG.warn("deadline {} failed ({} in a row), will fire again in {}: {}", claim.deadline().id(),
                        claim.failures() + 1, wait, e.toString());
            } catch (RuntimeException storeDown) {
                LOG.warn("deadline {} failed ({}), will fire again after its lease: {}", claim.deadline().id(),
                        e.toString(), storeDown.toString());
            }
        }
    }

    /** Neither dropped (its work would be lost) nor retried at once (it would spin): offered again in a minute. */
    private void giveBackUnknown(Deadlines.Claim claim) {
        metrics.deadlinesUnknownKind.increment();
        if (warnedUnknown.size() >= WARNED_MAX) {
            warnedUnknown.clear();
        }
        if (warnedUnknown.add(claim.deadline().id())) {
            LOG.warn("no handler for deadline kind {} here (written by a newer version?): {} is given back, due again in "
                    + "{}", claim.deadline().kind(), claim.deadline().id(), UNKNOWN_KIND_DELAY);
        }
        try {
            deadlines.retryLater(claim, UNKNOWN_KIND_DELAY);
        } catch (RuntimeException storeDown) {
            LOG.debug("deadline {} is offered again after its lease: {}", claim.deadline().id(), storeDown.toString());
        }
    }

    @Override
    @PreDestroy
    public synchronized void close() {
        if (loop != null) {
            loop.close();
            loop = null;
        }
        workers.shutdownNow(); // deadlines claimed ahead are given back; those firing finish or fire again later
    }
}
