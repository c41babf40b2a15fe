package io.ridewire.functions.events;

import io.ridewire.deployment.StreamSpec;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.ConnectionListener;
import io.nats.client.ConsumerContext;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.StreamContext;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The process's one NATS connection, opened on first use so a handler starts even while NATS is down, and
 * reconnecting on its own afterwards. Whoever keeps state on the server (streams, consumers) registers with
 * {@link #whenReconnected}: a restarted server may have lost memory streams and its consumers' pull requests, so
 * they are ensured again as soon as the connection is back, not when a heartbeat alarm finally notices.
 */
@Singleton
public class NatsConnection {
    private static final Logger LOG = LoggerFactory.getLogger(NatsConnection.class);
    private static final long RETRY_BACKOFF_NANOS = 2_000_000_000L;

    private final NatsSettings settings;
    private final ReentrantLock lock = new ReentrantLock();
    private final List<Resubscription> resubscriptions = new CopyOnWriteArrayList<>();
    private volatile Connection connection;
    private volatile long retryAfterNanos;
    private volatile boolean closed;

    /** Work to redo on every reconnection, retried until it succeeds. */
    @FunctionalInterface
    public interface Resubscription {
        void run() throws Exception;
    }

    public NatsConnection(NatsSettings settings) {
        this.settings = settings;
    }

    public NatsSettings settings() {
        return settings;
    }

    /** The open connection, or empty while NATS is unreachable. */
    public Optional<Connection> connection() {
        Connection current = connection;
        if (current != null) {
            return Optional.of(current);
        }
        if (System.nanoTime() < retryAfterNanos) {
            return Optional.empty();
        }
        lock.lock();
        try {
            if (connection == null && System.nanoTime() >= retryAfterNanos) {
                connection = Nats.connect(new Options.Builder()
                        .server(settings.getUrl())
                        .connectionTimeout(settings.getTimeout())
                        .maxReconnects(-1)
                        .reconnectWait(settings.getReconnectWait())
                        .connectionListener(this::connectionEvent)
                        .build());
            }
            return Optional.ofNullable(connection);
        } catch (IOException | RuntimeException e) {
            retryAfterNanos = System.nanoTime() + RETRY_BACKOFF_NANOS;
            LOG.warn("NATS at {} unreachable: {}", settings.getUrl(), e.toString());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs {@code work} (on a thread of its own) each time the connection comes back after a loss, retrying it
     * every {@code reconnect-wait} until it succeeds, the connection drops again, or this closes.
     */
    public void whenReconnected(String name, Resubscription work) {
        resubscriptions.add(new Named(name, work));
    }

    private record Named(String name, Resubscription work) implements Resubscription {
        @Override
        public void run() throws Exception {
            work.run();
        }
    }

    private void connectionEvent(Connection c, ConnectionListener.Events event) {
        LOG.info("NATS connection {}", event.getEvent());
        if (event != ConnectionListener.Events.RECONNECTED) {
            return;
        }
        for (Resubscription resubscription : resubscriptions) {
            Thread.ofVirtual().name("nats-resubscribe").start(() -> redo(c, resubscription));
        }
    }

    private void redo(Connection c, Resubscription resubscription) {
        String name = resubscription instanceof Named named ? named.name() : "resubscription";
        while (!closed && c.getStatus() == Connection.Status.CONNECTED) {
            try {
                resubscription.run();
                LOG.info("{} ensured again after the reconnection", name);
                return;
            } catch (Exception e) {
                LOG.warn("{} after the reconnection failed, retrying: {}", name, e.toString());
            }
            try {
                Thread.sleep(settings.getReconnectWait());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    public Optional<JetStream> jetStream() {
        return connection().map(c -> {
            try {
                return c.jetStream();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    public String subject(String subject) {
        return settings.getSubjectPrefix() + subject;
    }

    public String streamName(StreamSpec stream) {
        return settings.getStreamPrefix() + stream.name();
    }

    /** Creates the stream, or updates it to the spec if it exists. */
    public void ensureStream(StreamSpec stream) throws IOException, JetStreamApiException {
        Connection c = connection().orElseThrow(() -> new IOException("NATS unreachable at " + settings.getUrl()));
        JetStreamManagement jsm = c.jetStreamManagement();
        StreamConfiguration configuration = StreamConfiguration.builder()
                .name(streamName(stream))
                .subjects(stream.subjects().stream().map(this::subject).toList())
                .storageType(stream.memory() ? StorageType.Memory : StorageType.File)
                .retentionPolicy(stream.workQueue() ? RetentionPolicy.WorkQueue : RetentionPolicy.Limits)
                .maxAge(stream.maxAge())
                .maxMessages(stream.maxMsgs())
                .replicas(settings.getReplicas())
                .duplicateWindow(java.time.Duration.ofMinutes(2))
                .build();
        try {
            jsm.getStreamInfo(configuration.getName());
            jsm.updateStream(configuration);
        } catch (JetStreamApiException notFound) {
            if (notFound.getApiErrorCode() != 10059) {
                throw notFound;
            }
            jsm.addStream(configuration);
        }
    }

    /**
     * Creates or updates a durable pull consumer on a stream. A consumer an older version left behind is kept when
     * it is a pull consumer JetStream will not update in place (its settings stand); a push consumer cannot become a
     * pull consumer, so it is replaced, resuming just after its ack floor: nothing is skipped, nothing acked is
     * delivered again.
     */
    public ConsumerContext ensurePullConsumer(StreamSpec stream, ConsumerConfiguration configuration)
            throws IOException, JetStreamApiException {
        Connection c = connection().orElseThrow(() -> new IOException("NATS unreachable at " + settings.getUrl()));
        StreamContext streamContext = c.getStreamContext(streamName(stream));
        try {
            return streamContext.createOrUpdateConsumer(configuration);
        } catch (JetStreamApiException refused) {
            ConsumerInfo existing;
            try {
                existing = streamContext.getConsumerInfo(configuration.getDurable());
            } catch (JetStreamApiException missing) {
                throw refused;
            }
            if (existing.getConsumerConfiguration().getDeliverSubject() == null) {
                LOG.info("consumer {} keeps its settings ({})", configuration.getDurable(), refused.getMessage());
                return streamContext.getConsumerContext(configuration.getDurable());
            }
            long resumeAt = existing.getAckFloor().getStreamSequence() + 1;
            LOG.warn("replacing push consumer {} by a pull consumer, resuming at stream sequence {}",
                    configuration.getDurable(), resumeAt);
            streamContext.deleteConsumer(configuration.getDurable());
            return streamContext.createOrUpdateConsumer(ConsumerConfiguration.builder(configuration)
                    .deliverPolicy(DeliverPolicy.ByStartSequence)
                    .startSequence(resumeAt)
                    .build());
        }
    }

    public boolean isConnected() {
        return connection().map(c -> c.getStatus() == Connection.Status.CONNECTED).orElse(false);
    }

    /**
     * Closes the connection so that the next use opens a new one (a socket in a SnapStart snapshot is dead when
     * restored); unlike shutting down, this connection stays usable.
     */
    public void closeForSnapshot() {
        lock.lock();
        try {
            Connection current = connection;
            connection = null;
            if (current != null) {
                current.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    @PreDestroy
    void close() throws InterruptedException {
        closed = true;
        Connection current = connection;
        if (current != null) {
            current.close();
        }
    }
}
