package io.ridewire.push;

import io.ridewire.aws.AwsSettings;
import io.ridewire.connections.ConnectionRegistry;
import io.ridewire.protocol.EventType;
import io.ridewire.protocol.ServerMessage;
import io.ridewire.protocol.WireFormat;
import io.ridewire.push.Delivery.Outcome;
import io.ridewire.rooms.RoomDirectory;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * Sends server events through the gateway's management API (POST {@code @connections/{id}}). Fan-out posts run in
 * parallel on virtual threads, bounded by the HTTP client's pool; a 410 Gone removes that stale connection's rows.
 */
@Singleton
public class Push {
    private static final Logger LOG = LoggerFactory.getLogger(Push.class);

    private final ApiGatewayManagementApiClient gateway;
    private final ConnectionRegistry registry;
    private final RoomDirectory rooms;
    private final WireFormat wire;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Semaphore inFlight;

    public Push(ApiGatewayManagementApiClient gateway, ConnectionRegistry registry, RoomDirectory rooms, WireFormat wire,
                AwsSettings settings) {
        this.inFlight = new Semaphore(settings.getMaxConnections());
        this.gateway = gateway;
        this.registry = registry;
        this.rooms = rooms;
        this.wire = wire;
    }

    /** A server event with a fresh unique id. */
    public static ServerMessage event(EventType type, Object payload) {
        return ServerMessage.of(type, UUID.randomUUID().toString(), payload);
    }

    /** Posts one frame; a connection found gone is forgotten. */
    public Outcome toConnection(String connectionId, ServerMessage message) {
        return postOrForget(connectionId, wire.encode(message));
    }

    /** Posts to every connection of a user. */
    public Delivery toUser(String userId, ServerMessage message) {
        return toConnections(registry.connectionsOf(userId), message);
    }

    /** Posts to every member of a room. */
    public Delivery toRoom(String room, ServerMessage message) {
        return toConnections(rooms.members(room).stream().map(RoomDirectory.Member::connectionId).toList(), message);
    }

    /** Posts the same frame to many connections in parallel. */
    public Delivery toConnections(Collection<String> connectionIds, ServerMessage message) {
        if (connectionIds.isEmpty()) {
            return Delivery.NONE;
        }
        String frame = wire.encode(message);
        if (connectionIds.size() == 1) {
            return Delivery.of(postOrForget(connectionIds.iterator().next(), frame));
        }
        List<Future<Outcome>> posts = new ArrayList<>(connectionIds.size());
        for (String connectionId : connectionIds) {
            posts.add(executor.submit(() -> postOrForget(connectionId, frame)));
        }
        Delivery total = Delivery.NONE;
        for (Future<Outcome> post : posts) {
            total = total.plus(Delivery.of(await(post)));
        }
        return total;
    }

    /**
     * Delivers a frame to a connection whose handshake may not have completed: the gateway answers 410 until
     * {@code $connect} has returned, so 410 is retried with a short, bounded backoff before the connection is
     * taken for gone.
     */
    public Outcome afterHandshake(String connectionId, ServerMessage message, Duration budget) {
        String frame = wire.encode(message);
        long deadline = System.nanoTime() + budget.toNanos();
        long pauseMillis = 5;
        while (true) {
            Outcome outcome = post(connectionId, frame);
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

    /** One POST, no cleanup. */
    public Outcome post(String connectionId, String frame) {
        // at most as many posts in flight as the HTTP client has connections: thousands of threads queueing on
        // the pool's lock cost more than they gain
        try {
            inFlight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.FAILED;
        }
        try {
            gateway.postToConnection(b -> b.connectionId(connectionId).data(SdkBytes.fromUtf8String(frame)));
            return Outcome.DELIVERED;
        } catch (GoneException gone) {
            return Outcome.GONE;
        } catch (RuntimeException e) {
            LOG.warn("post to connection {} failed: {}", connectionId, e.toString());
            return Outcome.FAILED;
        } finally {
            inFlight.release();
        }
    }

    private Outcome postOrForget(String connectionId, String frame) {
        Outcome outcome = post(connectionId, frame);
        if (outcome == Outcome.GONE) {
            forgetStale(connectionId);
        }
        return outcome;
    }

    private void forgetStale(String connectionId) {
        try {
            registry.forget(connectionId);
        } catch (RuntimeException e) {
            LOG.warn("could not remove stale connection {}: {}", connectionId, e.toString());
        }
    }

    /** Closes a connection (DELETE {@code @connections/{id}}); the gateway then runs {@code $disconnect}. */
    public boolean close(String connectionId) {
        try {
            gateway.deleteConnection(b -> b.connectionId(connectionId));
            return true;
        } catch (GoneException gone) {
            forgetStale(connectionId);
            return false;
        }
    }

    private static Outcome await(Future<Outcome> post) {
        try {
            return post.get();
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
        executor.shutdown();
    }
}
