package io.ridewire.bench.posts;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.client.config.SdkAdvancedAsyncClientOption;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.crt.AwsCrtAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiAsyncClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The official management API client with one of the SDK's HTTP clients, as a sender would build it: SigV4 signing,
 * no SDK retries, {@code inFlight} connections, async futures completed on the I/O thread. The sync Apache client posts
 * from virtual threads.
 */
public sealed interface SdkPoster extends AutoCloseable {

    /** The HTTP clients compared. */
    enum Kind {
        APACHE_SYNC("Apache (sync)"), NETTY_ASYNC("Netty (async)"), CRT_ASYNC("AWS CRT (async)"),
        CRT_POOL("AWS CRT (async), futures completed on the SDK's response pool");

        public final String label;

        Kind(String label) {
            this.label = label;
        }

        public static Kind parse(String name) {
            return switch (name.toLowerCase(java.util.Locale.ROOT)) {
                case "apache", "apache-sync" -> APACHE_SYNC;
                case "netty", "netty-async" -> NETTY_ASYNC;
                case "crt", "crt-async" -> CRT_ASYNC;
                case "crt-pool" -> CRT_POOL;
                default -> throw new IllegalArgumentException("client is apache, netty, crt or crt-pool: " + name);
            };
        }
    }

    CompletableFuture<?> post(String connectionId, SdkBytes data);

    @Override
    void close();

    static SdkPoster create(Kind kind, URI endpoint, int inFlight) {
        return switch (kind) {
            case APACHE_SYNC -> new Sync(ApiGatewayManagementApiClient.builder()
                    .region(Region.US_EAST_1).credentialsProvider(CREDENTIALS).endpointOverride(endpoint)
                    .overrideConfiguration(c -> c.retryPolicy(RetryPolicy.none()))
                    .httpClientBuilder(ApacheHttpClient.builder().maxConnections(inFlight)
                            .connectionTimeout(Duration.ofSeconds(2)).socketTimeout(Duration.ofSeconds(5)))
                    .build());
            case NETTY_ASYNC -> async(endpoint, NettyNioAsyncHttpClient.builder().maxConcurrency(inFlight)
                    .connectionTimeout(Duration.ofSeconds(2)).readTimeout(Duration.ofSeconds(5)), true);
            case CRT_ASYNC -> async(endpoint, AwsCrtAsyncHttpClient.builder().maxConcurrency(inFlight)
                    .connectionTimeout(Duration.ofSeconds(2)), true);
            // the SDK's default, which the sender used before 2026-12-03: one more thread hand-off per post
            case CRT_POOL -> async(endpoint, AwsCrtAsyncHttpClient.builder().maxConcurrency(inFlight)
                    .connectionTimeout(Duration.ofSeconds(2)), false);
        };
    }

    private static SdkPoster async(URI endpoint, SdkAsyncHttpClient.Builder<?> http, boolean completeOnIoThread) {
        return new Async(ApiGatewayManagementApiAsyncClient.builder()
                .region(Region.US_EAST_1).credentialsProvider(CREDENTIALS).endpointOverride(endpoint)
                .overrideConfiguration(c -> c.retryPolicy(RetryPolicy.none()))
                .asyncConfiguration(c -> {
                    if (completeOnIoThread) {
                        c.advancedOption(SdkAdvancedAsyncClientOption.FUTURE_COMPLETION_EXECUTOR, Runnable::run);
                    }
                })
                .httpClientBuilder(http)
                .build());
    }

    StaticCredentialsProvider CREDENTIALS = StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench"));

    /** The sync client, one virtual thread per post. */
    record Sync(ApiGatewayManagementApiClient client, ExecutorService threads) implements SdkPoster {
        Sync(ApiGatewayManagementApiClient client) {
            this(client, Executors.newVirtualThreadPerTaskExecutor());
        }

        @Override
        public CompletableFuture<?> post(String connectionId, SdkBytes data) {
            return CompletableFuture.runAsync(() -> client.postToConnection(b -> b.connectionId(connectionId).data(data)),
                    threads);
        }

        @Override
        public void close() {
            threads.close();
            client.close();
        }
    }

    /** An async client: the SDK's future. */
    record Async(ApiGatewayManagementApiAsyncClient client) implements SdkPoster {
        @Override
        public CompletableFuture<?> post(String connectionId, SdkBytes data) {
            return client.postToConnection(b -> b.connectionId(connectionId).data(data));
        }

        @Override
        public void close() {
            client.close();
        }
    }
}
