package io.ridewire.bridge;

import io.micronaut.json.JsonMapper;
import io.nats.client.ConsumeOptions;
import io.nats.client.ConsumerContext;
import io.nats.client.JetStreamApiException;
import io.nats.client.MessageConsumer;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.ridewire.bridge.ops.BridgeMetrics;
import io.ridewire.bridge.ops.Periodic;
import io.ridewire.bridge.relay.Relay;
import io.ridewire.bridge.relay.RetryPolicies;
import io.ridewire.bridge.routing.BridgeRoute;
import io.ridewire.bridge.routing.RouteTable;
import io.ridewire.functions.events.NatsConnection;
import io.ridewire.deployment.StreamCatalogue;
import io.ridewire.deployment.StreamSpec;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The JetStream bridge: for every line of the routing table, a durable consumer (shared by every bridge instance,
 * so each message is handled by one) whose messages the {@link Relay} delivers to sockets. Explicit acks only.
 */
@Singleton
public class Bridge implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Bridge.class);

    private final BridgeSettings settings;
    private final NatsConnection nats;
    private final RouteTable table;
    private final RetryPolicies retries;
    private final Relay relay;
    private final BridgeMetrics metrics;
    private final Lanes lanes;
    /** How often a message queued in a lane tells JetStream it is in progress: a quarter of the ack wait. */
    private final Duration keepAlive;
    private Periodic keepingAlive;
    /** Each route's own bound on messages in flight: a route whose recipients are slow cannot starve the others. */
    private final Map<String, Semaphore> inFlight = new LinkedHashMap<>();
    private final Map<String, MessageConsumer> consumers = new LinkedHashMap<>();
    private final Map<String, ConsumerContext> contexts = new LinkedHashMap<>();
    private volatile boolean running;
    /** Set by close, not merely "not running": a starting bridge's first messages arrive before running is set. */
    private volatile boolean draining;
    private boolean resubscribing;
    private volatile boolean subscribed;

    public Bridge(BridgeSettings settings, NatsConnection nats, JsonMapper json, Relay relay, BridgeMetrics metrics,
                  Clock clock) throws IOException {
        this.settings = settings;
        this.keepAlive = settings.getAckWait().dividedBy(4);
        this.lanes = new Lanes(clock, keepAlive);
        this.nats = nats;
        this.table = RouteTable.load(json, settings.getRoutesFile().map(Path::of));
        this.retries = new RetryPolicies(settings.getRetry());
        this.relay = relay;
        this.metrics = metrics;
        metrics.bind(this::lag, this::deadLetterDepth);
    }

    public RouteTable table() {
        return table;
    }

    public BridgeMetrics metrics() {
        return metrics;
    }

    public boolean isRunning() {
        return running;
    }

    /** Started, connected, and its consumers in place (false from a lost connection until they are ensured again). */
    public boolean isConsuming() {
        return running && subscribed && nats.isConnected();
    }

    /**
     * Ensures the streams, the dead-letter stream and one durable consumer per route, and starts consuming; and
     * does it all again whenever the NATS connection comes back (a restarted server may have lost memory streams,
     * and the consumers' pull requests died with the old connection).
     */
    public synchronized void start() throws IOException {
        if (running) {
            return;
        }
        draining = false; // a bridge started again after close relays once more
        subscribe();
        subscribed = true;
        running = true;
        // a pass every sixteenth of the ack wait: a queued message is kept alive within 5/16 of it
        keepingAlive = Periodic.start("lane-keep-alive", lanes::keepWaitingAlive, keepAlive.dividedBy(4),
                keepAlive.dividedBy(4), e -> LOG.warn("keeping queued messages alive failed: {}", e.toString()));
        if (!resubscribing) {
            resubscribing = true;
            nats.whenReconnected("bridge consumers", this::resubscribe);
        }
        LOG.info("bridge consuming {} routes", table.routes().size());
    }

    private synchronized void resubscribe() throws IOException {
        if (!running) {
            return;
        }
        subscribed = false;
        stopConsumers();
        subscribe();
        subscribed = true;
    }

    /** Consumes every route, or none: a start that fails part-way stops the consumers it started before the retry. */
    private void subscribe() throws IOException {
        nats.connection().orElseThrow(() -> new IOException("NATS unreachable"));
        try {
            subscribeAll();
        } catch (JetStreamApiException e) {
            stopConsumers();
            throw new IOException(e);
        } catch (IOException | RuntimeException e) {
            stopConsumers();
            throw e;
        }
    }

    private void subscribeAll() throws IOException, JetStreamApiException {
        for (StreamSpec stream : StreamCatalogue.all()) {
            nats.ensureStream(stream);
        }
        for (BridgeRoute route : table.routes()) {
            consume(route);
        }
    }

    private void consume(BridgeRoute route) throws IOException, JetStreamApiException {
        StreamSpec stream = StreamCatalogue.forSubject(route.subject()).orElseThrow(() ->
                new IOException("no stream covers " + route.subject()));
        ConsumerContext consumer = nats.ensurePullConsumer(stream, ConsumerConfiguration.builder()
                .durable(durableName(route))
                .filterSubject(nats.subject(route.subject()))
                .ackPolicy(AckPolicy.Explicit)
                .ackWait(settings.getAckWait())
                .maxDeliver(retries.forCategory(route.category()).maxDeliver())
                .deliverPolicy(DeliverPolicy.All)
                // no more pending than can be worked at once: a message beyond it would wait unseen by the lanes'
                // keep-alive while its ack wait runs out
                .maxAckPending(settings.getMaxInFlight())
                .build());
        contexts.put(route.subject(), consumer);
        // kept across subscriptions: messages a stopped consumer handed over still count, and close waits for them
        Semaphore routeInFlight = inFlight.computeIfAbsent(route.subject(),
                subject -> new Semaphore(settings.getMaxInFlight()));
        consumers.put(route.subject(), consumer.consume(
                ConsumeOptions.builder().batchSize(Math.min(256, settings.getMaxInFlight())).build(),
                message -> {
                    routeInFlight.acquireUninterruptibly();
                    if (draining) {
                        // fetched before the stop, handed over after it: the drain would not wait for its
                        // relay, which the exit could cut off mid-post. Left unacknowledged, it goes to the
                        // successor after the ack wait (a nak would come straight back to this stopping
                        // consumer's open pulls, again and again, using up the message's attempts)
                        routeInFlight.release();
                        return;
                    }
                    Relay.Read read = relay.read(message, route);
                    lanes.run(read.orderingKey(), () -> {
                        try {
                            relay.relay(message, route, read);
                        } catch (RuntimeException e) {
                            LOG.error("relay of {} failed; JetStream redelivers it after the ack wait, up to "
                                    + "the route's max deliver", route.subject(), e);
                        } finally {
                            routeInFlight.release();
                        }
                    }, message::inProgress);
                }));
    }

    private void stopConsumers() {
        for (MessageConsumer consumer : consumers.values()) {
            try {
                consumer.stop();
                consumer.close();
            } catch (Exception e) {
                LOG.debug("consumer close: {}", e.toString());
            }
        }
        consumers.clear();
        contexts.clear();
    }

    String durableName(BridgeRoute route) {
        return nats.settings().getStreamPrefix() + "bridge_" + route.subject().replaceAll("[^A-Za-z0-9]", "_");
    }

    /** Messages waiting per route (consumer lag). */
    public Map<String, Long> lag() {
        Map<String, Long> lag = new LinkedHashMap<>();
        contexts.forEach((subject, consumer) -> {
            try {
                lag.put(subject, consumer.getConsumerInfo().getNumPending());
            } catch (IOException | JetStreamApiException e) {
                lag.put(subject, -1L);
            }
        });
        return lag;
    }

    /** Messages parked on the dead-letter stream. */
    public long deadLetterDepth() {
        try {
            return nats.connection().orElseThrow().getStreamContext(nats.streamName(StreamCatalogue.DEAD_LETTERS))
                    .getStreamInfo().getStreamState().getMsgCount();
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * Stops taking messages (those fetched but not yet started are left for JetStream to redeliver after the ack
     * wait), then waits (up to the grace period) for those in flight to finish.
     */
    @Override
    public synchronized void close() {
        if (!running) {
            return;
        }
        draining = true;
        running = false;
        List<MessageConsumer> stopping = new ArrayList<>(consumers.values());
        stopping.forEach(MessageConsumer::stop);
        long deadline = System.nanoTime() + settings.getShutdownGrace().toNanos();
        try {
            for (Semaphore route : inFlight.values()) {
                long left = Math.max(0, deadline - System.nanoTime());
                if (route.tryAcquire(settings.getMaxInFlight(), left, TimeUnit.NANOSECONDS)) {
                    route.release(settings.getMaxInFlight());
                } else {
                    LOG.warn("shutdown grace ran out with deliveries in flight; JetStream will redeliver them");
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (MessageConsumer consumer : stopping) {
            try {
                consumer.close();
            } catch (Exception e) {
                LOG.debug("consumer close: {}", e.toString());
            }
        }
        consumers.clear();
        contexts.clear();
        inFlight.clear();
        keepingAlive.close();
    }
}
