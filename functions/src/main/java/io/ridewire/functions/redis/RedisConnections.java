package io.ridewire.functions.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Lazily opened, shared Redis connections. A Redis that is down makes {@link #strings()} and {@link #binary()}
 * empty (after one bounded attempt, then a backoff) instead of failing handler construction; commands on an
 * open connection fail fast while it reconnects.
 */
@Singleton
public class RedisConnections {
    private static final Logger LOG = LoggerFactory.getLogger(RedisConnections.class);

    private final RedisSettings settings;
    private final String keyPrefix;
    private final RedisClient client;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile StatefulRedisConnection<String, String> strings;
    private volatile StatefulRedisConnection<String, byte[]> binary;
    private volatile long retryAfterNanos;

    /** {@code client} is micronaut-redis-lettuce's, built from {@code redis.uri}; the connections are opened here, lazily. */
    public RedisConnections(RedisSettings settings, RedisClient client) {
        this.settings = settings;
        // read once: each getter of a configuration interface resolves the property again, and every key asks for it
        this.keyPrefix = settings.getKeyPrefix();
        this.client = client;
        client.setOptions(ClientOptions.builder()
                .socketOptions(SocketOptions.builder().connectTimeout(settings.getConnectTimeout()).build())
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(settings.getTimeout()))
                .build());
    }

    public String key(String suffix) {
        return keyPrefix + suffix;
    }

    public String keyPrefix() {
        return keyPrefix;
    }

    /** A UTF-8 string connection, or empty while Redis is unreachable. */
    public Optional<StatefulRedisConnection<String, String>> strings() {
        StatefulRedisConnection<String, String> current = strings;
        if (current != null) {
            return Optional.of(current);
        }
        return open(c -> strings == null ? strings = c.connect(StringCodec.UTF8) : strings);
    }

    /** A string-key, byte-value connection (rate-limit buckets), or empty while Redis is unreachable. */
    public Optional<StatefulRedisConnection<String, byte[]>> binary() {
        StatefulRedisConnection<String, byte[]> current = binary;
        if (current != null) {
            return Optional.of(current);
        }
        return open(c -> binary == null
                ? binary = c.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE))
                : binary);
    }

    private <T> Optional<T> open(Function<RedisClient, T> connect) {
        if (System.nanoTime() < retryAfterNanos) {
            return Optional.empty();
        }
        lock.lock();
        try {
            if (System.nanoTime() < retryAfterNanos) {
                return Optional.empty();
            }
            return Optional.of(connect.apply(client));
        } catch (RuntimeException e) {
            retryAfterNanos = System.nanoTime() + settings.getReconnectBackoff().toNanos();
            LOG.warn("Redis at {} unreachable: {}", settings.getUri(), e.toString());
            return Optional.empty();
        } finally {
            lock.unlock();
        }
    }

    /** True when Redis answers PING now. */
    public boolean ping() {
        try {
            return strings().map(c -> "PONG".equals(c.sync().ping())).orElse(false);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Closes the open connections and keeps the client: the next command opens them again. For a snapshot
     * ({@code Priming}), whose sockets would be dead when it is restored.
     */
    public void closeConnections() {
        lock.lock();
        try {
            if (strings != null) {
                strings.close();
                strings = null;
            }
            if (binary != null) {
                binary.close();
                binary = null;
            }
        } finally {
            lock.unlock();
        }
    }

    @PreDestroy
    void close() {
        // the client is the module's bean, shut down with the context; the connections opened here are ours
        if (strings != null) {
            strings.close();
        }
        if (binary != null) {
            binary.close();
        }
    }
}
