package io.ridewire.functions.redis;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotBlank;

import java.time.Duration;

/** {@code ridewire.redis.*}: where hot state lives. */
@ConfigurationProperties("ridewire.redis")
public interface RedisSettings {

    /** {@code RIDEWIRE_REDIS_URI}. */
    @Bindable(defaultValue = "redis://127.0.0.1:6379")
    @NotBlank
    String getUri();

    /** Prepended to every key, so several stacks (or test runs) can share one server. */
    @Bindable(defaultValue = "rw:")
    String getKeyPrefix();

    /** Command timeout: a slow or absent Redis must not hold a handler for long. */
    @Bindable(defaultValue = "500ms")
    Duration getTimeout();

    /**
     * Opening a connection: the TCP connect and Redis's handshake. Apart from the command timeout, because a JVM's
     * first handshake (class loading, Netty start-up) can take longer than a command may.
     */
    @Bindable(defaultValue = "3s")
    Duration getConnectTimeout();

    /** After a failed connection attempt, how long to wait before trying again. */
    @Bindable(defaultValue = "2s")
    Duration getReconnectBackoff();
}
