package io.ridewire.bridge.ops;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the bridge sends CloudWatch for the stack's alarms, seen by an HTTP endpoint the official SDK client posts to:
 * the deadline gauges go out while NATS is down (they come from DynamoDB), and one that cannot be read is left out.
 */
class CloudWatchMetricsTest {
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private HttpServer endpoint;
    private CloudWatchClient client;

    @BeforeEach
    void start() throws IOException {
        endpoint = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        endpoint.createContext("/", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.ISO_8859_1));
            // CloudWatch's Smithy RPC v2 CBOR protocol: PutMetricData answers an empty body
            exchange.getResponseHeaders().add("smithy-protocol", "rpc-v2-cbor");
            exchange.getResponseHeaders().add("Content-Type", "application/cbor");
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        endpoint.start();
        client = CloudWatchClient.builder().region(Region.US_EAST_1)
                .endpointOverride(URI.create("http://127.0.0.1:" + endpoint.getAddress().getPort()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("k", "s")))
                .httpClient(ApacheHttpClient.create())
                .build();
    }

    @AfterEach
    void stop() {
        endpoint.stop(0);
    }

    @Test
    void whileNotReady_theDeadlineGaugesAreStillPublished_butNotTheConsumerLag() {
        BridgeMetrics metrics = new BridgeMetrics();
        metrics.bindReadiness(() -> false);
        metrics.bindDeadlineLag(() -> Duration.ofSeconds(90));
        metrics.bindFailingDeadlines(() -> 2);
        try (CloudWatchMetrics cloudWatch = new CloudWatchMetrics(client, metrics, "test", Duration.ofHours(1))) {
            cloudWatch.publishOnce();
        }
        // (an SDK retry of the same request is the same body)
        assertThat(bodies).isNotEmpty().allSatisfy(body -> assertThat(body)
                .contains("BridgeReady", "DeadlineLagSeconds", "DeadlinesFailing", "test")
                .doesNotContain("BridgeConsumerLag", "DlqDepth"));
    }

    @Test
    void aDeadlineGaugeThatCannotBeRead_isLeftOut_andTheRestIsPublished() {
        BridgeMetrics metrics = new BridgeMetrics();
        metrics.bindReadiness(() -> false);
        metrics.bindDeadlineLag(() -> {
            throw new IllegalStateException("DynamoDB unreachable");
        });
        metrics.bindFailingDeadlines(() -> 0);
        try (CloudWatchMetrics cloudWatch = new CloudWatchMetrics(client, metrics, "test", Duration.ofHours(1))) {
            cloudWatch.publishOnce();
        }
        assertThat(bodies).isNotEmpty().allSatisfy(body -> assertThat(body)
                .contains("BridgeReady", "DeadlinesFailing").doesNotContain("DeadlineLagSeconds"));
    }
}
