package io.ridewire.functions.events;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotBlank;

import java.time.Duration;

/** {@code ridewire.nats.*}: the JetStream server and how Ridewire names its subjects and streams there. */
@ConfigurationProperties("ridewire.nats")
public interface NatsSettings {

    /** {@code RIDEWIRE_NATS_URL}. */
    @Bindable(defaultValue = "nats://127.0.0.1:4222")
    @NotBlank
    String getUrl();

    /** Prepended to every subject, so several stacks or test runs can share one server (empty in production). */
    @Bindable(defaultValue = "")
    String getSubjectPrefix();

    /** Prepended to every stream and durable consumer name. */
    @Bindable(defaultValue = "RIDEWIRE_")
    String getStreamPrefix();

    /** Stream replicas: 3 in a cluster as the spec configures, 1 on a single local server. */
    @Bindable(defaultValue = "1")
    int getReplicas();

    /** {@code source_service} of the envelopes this process publishes. */
    @Bindable(defaultValue = "ridewire-functions")
    String getSourceService();

    /** Pause between reconnection attempts (and between retries of what a reconnection must redo). */
    @Bindable(defaultValue = "250ms")
    Duration getReconnectWait();

    /** Most events waiting for NATS in this process ({@link PublishQueue}); beyond, events are dropped and counted. */
    @Bindable(defaultValue = "10000")
    int getPublishQueue();

    /** How long a connection attempt or a publish may take. */
    @Bindable(defaultValue = "2s")
    Duration getTimeout();
}
