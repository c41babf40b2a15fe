package io.ridewire.bridge;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code ridewire.bridge.*}. */
@ConfigurationProperties("ridewire.bridge")
public interface BridgeSettings {

    /** A routing table file replacing the built-in one ({@code RIDEWIRE_BRIDGE_ROUTES_FILE}). */
    Optional<String> getRoutesFile();

    /** Port of /health, /ready and /metrics (0: any free port). */
    @Bindable(defaultValue = "8081")
    int getPort();

    /** Most messages handled at once by one bridge. */
    @Bindable(defaultValue = "512")
    int getMaxInFlight();

    /** How long JetStream waits for an ack before redelivering (a bridge that died mid-message). */
    @Bindable(defaultValue = "30s")
    Duration getAckWait();

    /**
     * How long a claimed (event, connection) delivery is held before another bridge may take it over. Longer than
     * the ack wait, so a bridge that is slow but alive is never overtaken by the redelivery of its own message.
     */
    @Bindable(defaultValue = "35s")
    Duration getClaimLease();

    /** How long delivered (event, connection) pairs are remembered to drop redeliveries. */
    @Bindable(defaultValue = "24h")
    Duration getDedupWindow();

    /** How long shutdown waits for in-flight deliveries. */
    @Bindable(defaultValue = "20s")
    Duration getShutdownGrace();

    /** {@code source_service} values of Ridewire's own events, which it pushed itself and so never relays. */
    @Bindable(defaultValue = "ridewire-functions")
    List<String> getOwnSources();

    /** Retry policy per category: {@code max/exponential|linear/initial/max}. */
    @Bindable(defaultValue = "")
    Map<String, String> getRetry();
}
