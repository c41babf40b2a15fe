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
        Duration maxConnectionDuration) {

    public static final int KB = 1024;

    public static GatewaySettings defaults() {
        return new GatewaySettings("127.0.0.1", 8080, "local", "ridewire", "us-east-1", 128 * KB, 32 * KB,
                Duration.ofMinutes(10), Duration.ofHours(2));
    }

    public GatewaySettings withPort(int newPort) {
        return new GatewaySettings(host, newPort, stage, apiId, region, maxMessageBytes, maxFrameBytes, idleTimeout,
                maxConnectionDuration);
    }

    public GatewaySettings withTimeouts(Duration idle, Duration maxDuration) {
        return new GatewaySettings(host, port, stage, apiId, region, maxMessageBytes, maxFrameBytes, idle, maxDuration);
    }
}
