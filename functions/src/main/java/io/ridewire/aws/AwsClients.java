package io.ridewire.aws;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.exceptions.ConfigurationException;
import jakarta.inject.Singleton;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.crt.AwsCrtAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiAsyncClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Duration;

/** The official AWS SDK clients, re-pointed by {@link AwsSettings} where an endpoint override is set. */
@Factory
public class AwsClients {

    private AwsCredentialsProvider credentials(AwsSettings settings) {
        return settings.isLocalCredentials()
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))
                : DefaultCredentialsProvider.builder().build();
    }

    @Singleton
    DynamoDbClient dynamoDb(AwsSettings settings, DynamoCallCounter counter) {
        var builder = DynamoDbClient.builder()
                .overrideConfiguration(c -> c.addExecutionInterceptor(counter))
                .region(Region.of(settings.getRegion()))
                .credentialsProvider(credentials(settings))
                .httpClientBuilder(ApacheHttpClient.builder()
                        .maxConnections(settings.getMaxConnections())
                        .connectionTimeout(Duration.ofSeconds(2)));
        settings.getDynamodbEndpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    /**
     * The management API over the configured HTTP client, with the SDK's retries off: a POST that timed out may
     * have been accepted, and re-sending it blindly would duplicate the frame. Delivery decides what to retry.
     */
    @Singleton
    ManagementApi managementApi(AwsSettings settings) {
        var endpoint = settings.getManagementEndpoint().orElseThrow(() -> new ConfigurationException(
                "ridewire.aws.management-endpoint (RIDEWIRE_AWS_MANAGEMENT_ENDPOINT) must name the WebSocket API's "
                        + "connection endpoint, https://{api-id}.execute-api.{region}.amazonaws.com/{stage}"));
        Duration timeout = settings.getManagementTimeout();
        Duration connect = timeout.compareTo(Duration.ofSeconds(1)) < 0 ? timeout : Duration.ofSeconds(1);
        return switch (settings.getHttpClient()) {
            case CRT -> new AsyncManagementApi(ApiGatewayManagementApiAsyncClient.builder()
                    .region(Region.of(settings.getRegion()))
                    .credentialsProvider(credentials(settings))
                    .endpointOverride(endpoint)
                    .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()).apiCallTimeout(timeout))
                    .httpClientBuilder(AwsCrtAsyncHttpClient.builder()
                            .maxConcurrency(settings.getMaxConnections())
                            .connectionTimeout(connect))
                    .build());
            case NETTY -> new AsyncManagementApi(ApiGatewayManagementApiAsyncClient.builder()
                    .region(Region.of(settings.getRegion()))
                    .credentialsProvider(credentials(settings))
                    .endpointOverride(endpoint)
                    .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()).apiCallTimeout(timeout))
                    .httpClientBuilder(NettyNioAsyncHttpClient.builder()
                            .maxConcurrency(settings.getMaxConnections())
                            .connectionTimeout(connect))
                    .build());
            case APACHE -> new SyncManagementApi(ApiGatewayManagementApiClient.builder()
                    .region(Region.of(settings.getRegion()))
                    .credentialsProvider(credentials(settings))
                    .endpointOverride(endpoint)
                    .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()).apiCallTimeout(timeout))
                    .httpClientBuilder(ApacheHttpClient.builder()
                            .maxConnections(settings.getMaxConnections())
                            .connectionTimeout(connect)
                            .connectionAcquisitionTimeout(timeout)
                            .socketTimeout(timeout))
                    .build());
        };
    }
}
