package io.ridewire.functions.events;

import io.ridewire.deployment.StreamSpec;

import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes sure a stream exists before this process first publishes to it (JetStream refuses a subject no stream
 * captures), once per connection: after a reconnection (the server may have restarted and lost a memory stream) or
 * a publish that found no stream, it is ensured again; a failure is retried on the next publish.
 */
@Singleton
public class Streams {
    private static final Logger LOG = LoggerFactory.getLogger(Streams.class);

    private final NatsConnection nats;
    private final Set<String> ensured = ConcurrentHashMap.newKeySet();

    public Streams(NatsConnection nats) {
        this.nats = nats;
        nats.whenReconnected("streams", ensured::clear);
    }

    /** Forgets that a stream was ensured (a publish found nobody capturing its subject). */
    public void lost(StreamSpec stream) {
        ensured.remove(stream.name());
    }

    /** True when the stream is known to exist. */
    public boolean ensure(StreamSpec stream) {
        if (ensured.contains(stream.name())) {
            return true;
        }
        synchronized (this) {
            if (ensured.contains(stream.name())) {
                return true;
            }
            try {
                nats.ensureStream(stream);
                ensured.add(stream.name());
                return true;
            } catch (Exception e) {
                LOG.warn("stream {} could not be ensured: {}", stream.name(), e.toString());
                return false;
            }
        }
    }
}
