package io.ridewire.functions.events;

import io.ridewire.model.events.EventEnvelope;
import io.ridewire.deployment.StreamSpec;
import io.ridewire.model.events.Trace;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes this process's events on JetStream, in order, without dropping them silently: an event NATS cannot take
 * now (unreachable, or the stream lost in a restart) waits in a bounded queue that one sender drains in order as
 * soon as NATS takes events again, and every later event queues behind it. Only a full queue drops, and each drop
 * is counted ({@link #dropped()}) and logged; {@link #backlog()} is reported by the health check. The queue lives in
 * memory: these events feed other back-end services; what a user must receive also goes through durable delivery,
 * and an event an outbox entry owes is published with {@link #publishOwed}, which does not queue.
 * The event id is JetStream's {@code Nats-Msg-Id}, so a publish retried after a lost ack is stored once.
 */
@Singleton
public class PublishQueue implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PublishQueue.class);

    private final EventPublisher publisher;
    private final Streams streams;
    private final NatsSettings settings;
    private final BlockingQueue<Pending> pending;
    private final AtomicLong dropped = new AtomicLong();
    private final Object order = new Object();
    private volatile Thread sender;
    private volatile boolean closed;

    private record Pending(StreamSpec stream, EventEnvelope envelope) {
    }

    public PublishQueue(EventPublisher publisher, Streams streams, NatsSettings settings) {
        this.publisher = publisher;
        this.streams = streams;
        this.settings = settings;
        this.pending = new ArrayBlockingQueue<>(Math.max(1, settings.getPublishQueue()));
    }

    /** Publishes {@code data} on {@code subject} (captured by {@code stream}) now, or as soon as NATS takes it. */
    public void publish(StreamSpec stream, String subject, Object data, Trace trace) {
        publish(stream, publisher.envelope(subject, data, trace));
    }

    /**
     * As {@link #publish(StreamSpec, String, Object, Trace)}, with the event's id derived from {@code key} (one per
     * change), so the same change told again is stored once.
     */
    public void publish(StreamSpec stream, String key, String subject, Object data, Trace trace) {
        publish(stream, publisher.envelope(eventId(key), subject, data, trace));
    }

    /**
     * Publishes an event an outbox entry owes before returning, with its id derived from {@code key} (one per change,
     * e.g. {@code ride.completed:{ride}}), so the same change published again is stored once. If NATS cannot take it
     * now this throws {@link Unpublished} and the entry stays for the deadline poller: queued in memory, the event
     * would be lost with a Lambda frozen after its answer or a killed process, while the entry was already done.
     */
    public void publishOwed(StreamSpec stream, String key, String subject, Object data, Trace trace) {
        String eventId = eventId(key);
        if (!trySend(stream, publisher.envelope(eventId, subject, data, trace))) {
            throw new Unpublished(subject + " " + eventId + " (" + key + ") not taken by NATS");
        }
    }

    private static String eventId(String key) {
        return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** An owed event NATS did not take: what owes it runs again later. */
    public static final class Unpublished extends RuntimeException {
        Unpublished(String message) {
            super(message);
        }
    }

    private void publish(StreamSpec stream, EventEnvelope envelope) {
        String subject = envelope.eventType();
        // while anything waits, later events wait behind it; concurrent publishers have no order among themselves
        if (pending.isEmpty() && trySend(stream, envelope)) {
            return;
        }
        synchronized (order) {
            if (!pending.offer(new Pending(stream, envelope))) {
                long count = dropped.incrementAndGet();
                LOG.error("publish queue full ({} waiting): dropped {} {} ({} dropped so far)", pending.size(),
                        subject, envelope.eventId(), count);
                return;
            }
            order.notifyAll();
        }
        startSender();
    }

    private boolean trySend(StreamSpec stream, EventEnvelope envelope) {
        try {
            if (!streams.ensure(stream)) {
                return false;
            }
            publisher.publish(envelope);
            return true;
        } catch (Exception e) {
            streams.lost(stream); // a restarted server may have lost the stream: ensure it again next time
            LOG.warn("{} {} waits for NATS: {}", envelope.eventType(), envelope.eventId(), e.toString());
            return false;
        }
    }

    private synchronized void startSender() {
        if (sender == null) {
            sender = Thread.ofVirtual().name("nats-publish-queue").start(this::drain);
        }
    }

    /** One sender for the process's lifetime: the head leaves the queue only once NATS took it. */
    private void drain() {
        while (!closed) {
            Pending head = pending.peek();
            if (head != null && trySend(head.stream(), head.envelope())) {
                pending.remove();
                continue;
            }
            synchronized (order) {
                try {
                    order.wait(settings.getReconnectWait().toMillis()); // empty, or NATS still refuses
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** Events waiting for NATS. */
    public int backlog() {
        return pending.size();
    }

    /** Events dropped because the queue was full, since start. */
    public long dropped() {
        return dropped.get();
    }

    @Override
    @PreDestroy
    public void close() {
        closed = true;
        if (!pending.isEmpty()) {
            LOG.warn("{} events never reached NATS before shutdown", pending.size());
        }
    }
}
