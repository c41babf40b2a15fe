package io.ridewire.bridge;

import io.micronaut.context.ApplicationContext;
import io.ridewire.functions.aws.AwsSettings;
import io.ridewire.bridge.ops.CloudWatchMetrics;
import io.ridewire.bridge.ops.HealthServer;
import io.ridewire.bridge.ops.Startup;
import io.ridewire.bridge.sweeper.ConnectionSweeper;
import io.ridewire.bridge.welcome.WelcomeRelay;
import io.ridewire.bridge.timers.DeadlinePoller;
import io.ridewire.functions.events.NatsConnection;
import io.ridewire.functions.health.HealthCheck;
import io.ridewire.functions.redis.RedisConnections;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import software.amazon.awssdk.crt.CRT;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The bridge container's entry point ({@code java -jar bridge.jar}): configuration from the environment
 * ({@code RIDEWIRE_*}, as the functions read it), then the relay, the welcome sender, the deadline poller and the
 * connection sweeper, with health on {@code RIDEWIRE_BRIDGE_PORT}; in AWS ({@code RIDEWIRE_ENV} set) the alarm metrics
 * go to CloudWatch.
 * SIGTERM drains in-flight deliveries before exiting.
 */
public final class BridgeMain {
    private static final Logger LOG = LoggerFactory.getLogger(BridgeMain.class);

    private BridgeMain() {
    }

    public static void main(String[] args) throws Exception {
        // the CRT's own shutdown hook would kill the posts the drain waits for (their frames may have gone out, so
        // the successor posted them again): it waits for this reference, given back once the drain is over
        CRT.acquireShutdownRef();
        ApplicationContext context = ApplicationContext.builder().environments("bridge").start();
        Bridge bridge = context.getBean(Bridge.class);
        NatsConnection nats = context.getBean(NatsConnection.class);
        WelcomeRelay welcome = context.getBean(WelcomeRelay.class);
        Startup startup = new Startup(List.of(bridge::start, welcome::start), nats.settings().getUrl(),
                Duration.ofSeconds(10)).begin();
        bridge.metrics().bindReadiness(startup::ready);
        DeadlinePoller poller = context.getBean(DeadlinePoller.class);
        poller.start();
        ConnectionSweeper sweeper = context.getBean(ConnectionSweeper.class);
        sweeper.start();
        HealthServer health = new HealthServer(context.getBean(BridgeSettings.class).getPort(), bridge, startup,
                nats, context.getBean(RedisConnections.class), context.getBeansOfType(HealthCheck.class));
        String env = System.getenv("RIDEWIRE_ENV");
        CloudWatchMetrics cloudWatch = env == null || env.isBlank() ? null : new CloudWatchMetrics(
                CloudWatchClient.builder().region(Region.of(context.getBean(AwsSettings.class).getRegion())).build(),
                bridge.metrics(), env, Duration.ofMinutes(1));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("bridge stopping: draining in-flight deliveries");
            startup.close();
            bridge.close();
            if (cloudWatch != null) {
                cloudWatch.close();
            }
            poller.close();
            sweeper.close();
            context.getBean(WelcomeRelay.class).close();
            health.close();
            context.close();
            CRT.releaseShutdownRef();
            stopped.countDown();
        }, "bridge-shutdown"));
        LOG.info("bridge up ({})", startup.state());
        System.out.println("bridge ready, health on :" + health.port());
        stopped.await();
    }
}
