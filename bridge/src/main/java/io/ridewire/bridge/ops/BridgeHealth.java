package io.ridewire.bridge.ops;

import io.ridewire.bridge.Bridge;
import io.ridewire.functions.health.HealthCheck;
import jakarta.inject.Singleton;

import java.util.Map;
import java.util.Optional;

/**
 * The bridge, where it runs: DOWN while it was started but is not consuming (NATS lost, consumers being ensured
 * again), with the messages waiting on its routes as its lag.
 */
@Singleton
public class BridgeHealth implements HealthCheck {
    private final Bridge bridge;

    public BridgeHealth(Bridge bridge) {
        this.bridge = bridge;
    }

    @Override
    public String component() {
        return "bridge";
    }

    @Override
    public Optional<Result> check() {
        if (!bridge.isRunning()) {
            return Optional.empty();
        }
        if (!bridge.isConsuming()) {
            return Optional.of(new Result(Status.DOWN, null, "not consuming: NATS unreachable or consumers being ensured"));
        }
        long waiting = bridge.lag().values().stream().mapToLong(Long::longValue).filter(n -> n > 0).sum();
        return Optional.of(new Result(Status.UP, waiting + " messages", null));
    }

    /** The routes' pending messages, for {@code /ready}. */
    public Map<String, Long> routes() {
        return bridge.lag();
    }
}
