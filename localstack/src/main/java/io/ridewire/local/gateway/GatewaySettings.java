package io.ridewire.local.gateway;

import java.time.Duration;

/**
 * The emulator's knobs, with API Gateway's documented quotas as defaults.
 *
 * @param host                  interface to bind
 * @param port                  port to bind (0: any free port)
 * @param stage                 stage name, part of the management endpoint path
 * @param apiId                 API id, in events and ARNs
 * @param region                region, in ARNs
 * @param maxMessageBytes       largest message (128 KB); larger closes the connection with 1009
 * @param maxFrameBytes         largest single frame (32 KB); larger closes the connection with 1009
 * @param idleTimeout           close after this long without a client message (10 min)
 * @param maxConnectionDuration close this long after connecting (2 h)
 * @param outboundBufferBytes   bound of a connection's unsent bytes; above it {@code POST @connections} answers 429
 * @param slowConsumerGrace     a connection over that bound for this long is closed with 4008
 * @param routeTimeout          how long a route's function may run before the client gets the integration failure
 *                              (the deployed functions' timeout, infra's {@code Sizing}: 10 s; API Gateway's own
 *                              limit is 29 s)
 * @param authorizerTimeout     how long the authorizer may run before the handshake is refused with 500 (6 s)
 */
public record GatewaySettings(
        String host,
        int port,
        String stage,
        String apiId,
        String region,
        int maxMessageBytes,
        int maxFrameBytes,
        Duration idleTimeout,
        Duration maxConnectionDuration,
        int outboundBufferBytes,
        Duration slowConsumerGrace,
        Duration routeTimeout,
        Duration authorizerTimeout) {

    public static final int KB = 1024;

    /** The close code of a connection whose outbound buffer stayed over the bound (the emulator's choice). */
    public static final int SLOW_CONSUMER_CLOSE = 4008;

    public static GatewaySettings defaults() {
        return new GatewaySettings("127.0.0.1", 8080, "local", "ridewire", "us-east-1", 128 * KB, 32 * KB,
                Duration.ofMinutes(10), Duration.ofHours(2), 1024 * KB, Duration.ofSeconds(10), Duration.ofSeconds(10),
                Duration.ofSeconds(6));
    }

    public GatewaySettings withPort(int newPort) {
        return new GatewaySettings(host, newPort, stage, apiId, region, maxMessageBytes, maxFrameBytes, idleTimeout,
                maxConnectionDuration, outboundBufferBytes, slowConsumerGrace, routeTimeout, authorizerTimeout);
    }

    public GatewaySettings withTimeouts(Duration idle, Duration maxDuration) {
        return new GatewaySettings(host, port, stage, apiId, region, maxMessageBytes, maxFrameBytes, idle, maxDuration,
                outboundBufferBytes, slowConsumerGrace, routeTimeout, authorizerTimeout);
    }

    /** The per-connection outbound bound and how long a connection may stay over it. */
    public GatewaySettings withBackPressure(int bufferBytes, Duration grace) {
        return new GatewaySettings(host, port, stage, apiId, region, maxMessageBytes, maxFrameBytes, idleTimeout,
                maxConnectionDuration, bufferBytes, grace, routeTimeout, authorizerTimeout);
    }

    /** How long a route's function and the authorizer may run (Lambda's function timeouts). */
    public GatewaySettings withFunctionTimeouts(Duration route, Duration authorizer) {
        return new GatewaySettings(host, port, stage, apiId, region, maxMessageBytes, maxFrameBytes, idleTimeout,
                maxConnectionDuration, outboundBufferBytes, slowConsumerGrace, route, authorizer);
    }
}
