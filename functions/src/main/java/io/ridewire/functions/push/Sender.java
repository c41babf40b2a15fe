package io.ridewire.functions.push;

import io.micronaut.context.BeanProvider;
import io.ridewire.functions.aws.DynamoCallCounter;
import io.ridewire.functions.aws.ManagementApi;
import io.ridewire.functions.presence.Departures;
import io.ridewire.functions.push.Delivery.Outcome;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Posts frames to connections so that no connection can hold up another: each connection has its own small lane
 * (a few posts in flight, a bounded queue behind them, frames leave in the order they came), so a slow or dead
 * connection uses at most its lane's share of the HTTP client and its excess fails fast instead of waiting. The
 * SDK does not retry (a retried POST that had been accepted duplicates the frame). A 410 is handled here only:
 * the connection leaves through {@link Departures#gone}, and the frames queued behind it fail as gone. That departure
 * runs under the route whose post found the 410 ({@link DynamoCallCounter#attributedTo}), as it does in that route's
 * function in AWS, so the local IAM holds it to the route's grants and its calls count against the route.
 */
@Singleton
public class Sender {
    private static final Logger LOG = LoggerFactory.getLogger(Sender.class);

    private final BeanProvider<ManagementApi> apiProvider;
    private volatile ManagementApi api;
    private final Departures departures;
    private final int queuePerConnection;
    private final int inFlightPerConnection;
    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
    private final ExecutorService cleanup = Executors.newVirtualThreadPerTaskExecutor();

    public Sender(BeanProvider<ManagementApi> api, Departures departures, PushSettings settings) {
        this.apiProvider = api;
        this.departures = departures;
        // read once: each getter of a configuration interface resolves the property again, on every post
        this.queuePerConnection = settings.getQueuePerConnection();
        this.inFlightPerConnection = settings.getInFlightPerConnection();
    }

    // built on first use: a cold $connect that posts nothing does not pay for the SDK client (a twentieth of its init)
    private ManagementApi api() {
        ManagementApi current = api;
        if (current == null) {
            current = apiProvider.get();
            api = current;
        }
        return current;
    }

    /** One connection's posts: those waiting, and how many are in flight. Guarded by the map's compute. */
    private static final class Lane {
        final ArrayDeque<Post> waiting = new ArrayDeque<>();
        int inFlight;
    }

    /** A frame to send, and the route that queued it (whose grants a departure its 410 starts runs under). */
    private record Post(byte[] frame, CompletableFuture<Outcome> result, String route) {
    }

    /** Queues a frame for a connection; completes once the gateway accepted it, refused it, or it was not sent. */
    public CompletableFuture<Outcome> send(String connectionId, byte[] frame) {
        Post post = new Post(frame, new CompletableFuture<>(), DynamoCallCounter.currentRoute());
        boolean[] start = {false};
        boolean[] full = {false};
        lanes.compute(connectionId, (id, lane) -> {
            Lane current = lane == null ? new Lane() : lane;
            if (current.waiting.size() >= queuePerConnection) {
                full[0] = true;
                return current;
            }
            current.waiting.add(post);
            if (current.inFlight < inFlightPerConnection) {
                current.inFlight++;
                start[0] = true;
            }
            return current;
        });
        if (full[0]) {
            LOG.debug("connection {} is {} frames behind: post refused", connectionId, queuePerConnection);
            post.result().complete(Outcome.FAILED);
        } else if (start[0]) {
            next(connectionId);
        }
        return post.result();
    }

    /** Posts the lane's next frame, or gives its slot back when none waits. */
    private void next(String connectionId) {
        Post[] taken = {null};
        lanes.computeIfPresent(connectionId, (id, lane) -> {
            taken[0] = lane.waiting.poll();
            if (taken[0] != null) {
                return lane;
            }
            lane.inFlight--;
            return lane.inFlight == 0 ? null : lane;
        });
        Post post = taken[0];
        if (post == null) {
            return;
        }
        CompletableFuture<Void> call;
        try {
            call = api().post(connectionId, post.frame());
        } catch (RuntimeException e) {
            call = CompletableFuture.failedFuture(e);
        }
        // runs on the HTTP client's I/O thread: nothing here may block, so a gone connection is forgotten elsewhere
        call.whenComplete((ok, error) -> {
            Outcome outcome = outcome(connectionId, error);
            if (outcome == Outcome.GONE) {
                // set, not inherited: the I/O thread carries no route, or the one of whichever route created it
                cleanup.execute(() -> DynamoCallCounter.attributedTo(post.route(), () -> {
                    forget(connectionId);
                    post.result().complete(Outcome.GONE);
                    return null;
                }));
                return;
            }
            post.result().complete(outcome);
            next(connectionId);
        });
    }

    /** The connection is gone: forget it once, and fail what waits for it the same way. */
    private void forget(String connectionId) {
        try {
            departures.gone(connectionId);
        } catch (RuntimeException e) {
            LOG.warn("could not forget gone connection {}: {}", connectionId, e.toString());
        }
        ArrayDeque<Post> dropped = new ArrayDeque<>();
        lanes.computeIfPresent(connectionId, (id, lane) -> {
            dropped.addAll(lane.waiting);
            lane.waiting.clear();
            lane.inFlight--;
            return lane.inFlight == 0 ? null : lane;
        });
        dropped.forEach(post -> post.result().complete(Outcome.GONE));
    }

    /** Posts one frame and waits for the answer. */
    public Outcome post(String connectionId, byte[] frame) {
        return await(send(connectionId, frame));
    }

    /**
     * Posts to a connection whose handshake may not have completed, outside its lane and without forgetting it:
     * the gateway answers 410 until {@code $connect} has returned, so 410 is retried with a short backoff within
     * the budget.
     */
    public Outcome postAfterHandshake(String connectionId, byte[] frame, Duration budget) {
        return retryingGone(() -> api().post(connectionId, frame), budget);
    }

    /** The gateway answered 410 for a connection outside its lane: forgets it, unless it is still handshaking. */
    public Outcome gone(String connectionId) {
        departures.gone(connectionId);
        return Outcome.GONE;
    }

    /**
     * Closes a connection (DELETE {@code @connections/{id}}); the gateway then runs {@code $disconnect}. A 410 within
     * the budget is retried (the connection may still be handshaking); after it, the connection is forgotten.
     */
    public Outcome close(String connectionId, Duration budget) {
        Outcome outcome = retryingGone(() -> api().delete(connectionId), budget);
        return outcome == Outcome.GONE ? gone(connectionId) : outcome;
    }

    private Outcome retryingGone(java.util.function.Supplier<CompletableFuture<Void>> call, Duration budget) {
        long deadline = System.nanoTime() + budget.toNanos();
        long pauseMillis = 5;
        while (true) {
            Outcome outcome;
            try {
                call.get().get();
                outcome = Outcome.DELIVERED;
            } catch (ExecutionException e) {
                outcome = outcome(null, e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Outcome.FAILED;
            }
            if (outcome != Outcome.GONE || System.nanoTime() + pauseMillis * 1_000_000 > deadline) {
                return outcome;
            }
            try {
                Thread.sleep(pauseMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Outcome.FAILED;
            }
            pauseMillis = Math.min(pauseMillis * 2, 200);
        }
    }

    private static Outcome outcome(String connectionId, Throwable error) {
        if (error == null) {
            return Outcome.DELIVERED;
        }
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof GoneException) {
            return Outcome.GONE;
        }
        if (connectionId != null) {
            LOG.warn("post to connection {} failed: {}", connectionId, cause.toString());
        }
        return Outcome.FAILED;
    }

    static Outcome await(CompletableFuture<Outcome> result) {
        try {
            return result.get();
        } catch (ExecutionException e) {
            LOG.warn("post failed", e.getCause());
            return Outcome.FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.FAILED;
        }
    }

    @PreDestroy
    void shutdown() {
        cleanup.shutdown();
    }
}
