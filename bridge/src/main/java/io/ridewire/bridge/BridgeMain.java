package io.ridewire.bridge;

import io.micronaut.context.ApplicationContext;
import io.ridewire.aws.AwsSettings;
import io.ridewire.bridge.ops.CloudWatchMetrics;
import io.ridewire.bridge.ops.HealthServer;
import io.ridewire.connections.WelcomeRelay;
import io.ridewire.deadlines.DeadlinePoller;
import io.ridewire.events.NatsConnection;
import io.ridewire.health.HealthCheck;
import io.ridewire.redis.RedisConnections;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * The bridge container's entry point ({@code java -jar bridge.jar}): configuration from the environment
 * ({@code RIDEWIRE_*}, as the functions read it), then the relay, the welcome sender and the deadline poller,
 * with health on {@code RIDEWIRE_BRIDGE_PORT}; in AWS ({@code RIDEWIRE_ENV} set) the alarm metrics go to CloudWatch.
 * SIGTERM drains in-flight deliveries before exiting.
 */
public final class BridgeMain {
    private static final Logger LOG = LoggerFactory.getLogger(BridgeMain.class);

    private BridgeMain() {
    }

    public static void main(String[] args) throws Exception {
        ApplicationContext context = ApplicationContext.builder().environments("bridge").start();
        Bridge bridge = context.getBean(Bridge.class);
        bridge.start();
        context.getBean(WelcomeRelay.class).start();
        DeadlinePoller poller = context.getBean(DeadlinePoller.class);
        poller.start();
        HealthServer health = new HealthServer(context.getBean(BridgeSettings.class).getPort(), bridge,
                context.getBean(NatsConnection.class), context.getBean(RedisConnections.class),
                context.getBeansOfType(HealthCheck.class));
        String env = System.getenv("RIDEWIRE_ENV");
        CloudWatchMetrics cloudWatch = env == null || env.isBlank() ? null : new CloudWatchMetrics(
                CloudWatchClient.builder().region(Region.of(context.getBean(AwsSettings.class).getRegion())).build(),
                bridge, env, Duration.ofMinutes(1));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("bridge stopping: draining in-flight deliveries");
            bridge.close();
            if (cloudWatch != null) {
                cloudWatch.close();
            }
            poller.close();
            context.getBean(WelcomeRelay.class).close();
            health.close();
            context.close();
            stopped.countDown();
        }, "bridge-shutdown"));
        System.out.println("bridge ready, health on :" + health.port());
        stopped.await();
    }
}
