package io.ridewire.infra;

import io.ridewire.deployment.Route;
import io.ridewire.deployment.RouteCatalogue;

import java.time.Duration;
import java.util.Map;

/**
 * Memory and timeout per function. Java functions get 1024 MB by default: Lambda allots CPU in proportion to memory,
 * and below that JSON and TLS set-up dominate latency. Timeouts stay short because API Gateway gives a WebSocket
 * integration 29 s at most and a client waits on every two-way route.
 *
 * @param memoryMb memory in MB
 * @param timeout  function timeout
 */
public record Sizing(int memoryMb, Duration timeout) {
    static final Sizing ROUTE = new Sizing(1024, Duration.ofSeconds(10));

    /** Handlers that differ from {@link #ROUTE}; key: route key or handler class name. */
    private static final Map<String, Sizing> OVERRIDES = Map.of(
            RouteCatalogue.AUTHORIZER, new Sizing(1024, Duration.ofSeconds(6)),
            RouteCatalogue.REST_API, new Sizing(1536, Duration.ofSeconds(29)),
            Route.DISCONNECT, new Sizing(768, Duration.ofSeconds(10)));

    public static Sizing of(String routeKeyOrHandler) {
        return OVERRIDES.getOrDefault(routeKeyOrHandler, ROUTE);
    }
}
