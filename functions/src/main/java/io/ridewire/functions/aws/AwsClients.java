package io.ridewire.functions.aws;

import io.micronaut.aws.sdk.v2.CredentialsAndRegionFactory;
import io.micronaut.aws.sdk.v2.client.netty.NettyClientFactory;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.exceptions.ConfigurationException;
import jakarta.inject.Singleton;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.client.config.SdkAdvancedAsyncClientOption;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.crt.AwsCrtAsyncHttpClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiAsyncClientBuilder;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClientBuilder;

import java.net.URI;
import java.time.Duration;

/**
 * What Ridewire adds to the SDK clients of micronaut-aws-sdk-v2 (which builds them, with the region from
 * {@code aws.region} and endpoint overrides from {@code aws.services.*.endpoint-override}): local credentials, the
 * CRT HTTP client, and the management API without SDK retries, its futures completed on the HTTP client's I/O thread.
 */
@Factory
public class AwsClients {

    /** Fixed dummy credentials locally (DynamoDB Local and the emulator accept any signature), else the default chain. */
    @Singleton
    @Replaces(bean = AwsCredentialsProviderChain.class, factory = CredentialsAndRegionFactory.class)
    AwsCredentialsProviderChain credentials(AwsSettings settings) {
        return AwsCredentialsProviderChain.of(settings.isLocalCredentials()
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))
                // refreshed on a background thread, never on the I/O thread a post's callback starts the next from
                : DefaultCredentialsProvider.builder().asyncCredentialUpdateEnabled(true).build());
    }

    /** The asynchronous HTTP client of the SDK clients when {@code ridewire.aws.http-client=crt} (the default). */
    @Singleton
    @Requires(property = "ridewire.aws.http-client", value = "crt", defaultValue = "crt")
    @Replaces(bean = SdkAsyncHttpClient.class, factory = NettyClientFactory.class)
    SdkAsyncHttpClient crtHttpClient(AwsSettings settings) {
        return AwsCrtAsyncHttpClient.builder()
                .maxConcurrency(settings.getMaxConnections())
                .connectionTimeout(connectTimeout(settings))
                .build();
    }

    /**
     * The management API over the configured HTTP client, with the SDK's retries off: a POST that timed out may
     * have been accepted, and re-sending it blindly would duplicate the frame. Delivery decides what to retry.
     */
    @Singleton
    ManagementApi managementApi(AwsSettings settings, BeanProvider<ApiGatewayManagementApiAsyncClientBuilder> async,
                                BeanProvider<ApiGatewayManagementApiClientBuilder> sync,
                                ManagementTimers timers) {
        URI endpoint = settings.getManagementEndpoint().orElseThrow(() -> new ConfigurationException(
                "ridewire.aws.management-endpoint (RIDEWIRE_AWS_MANAGEMENT_ENDPOINT) must name the WebSocket API's "
                        + "connection endpoint, https://{api-id}.execute-api.{region}.amazonaws.com/{stage}"));
        return switch (settings.getHttpClient()) {
            case CRT, NETTY -> new AsyncManagementApi(withoutRetries(async.get(), endpoint, settings, timers)
                    // the sender's callbacks never block: completing on the I/O thread saves a hand-off per post
                    .asyncConfiguration(c -> c.advancedOption(SdkAdvancedAsyncClientOption.FUTURE_COMPLETION_EXECUTOR,
                            Runnable::run))
                    .build());
            case APACHE -> new SyncManagementApi(withoutRetries(sync.get(), endpoint, settings, timers).build());
        };
    }

    private static <B extends AwsClientBuilder<B, ?>> B withoutRetries(B builder, URI endpoint, AwsSettings settings,
                                                                     ManagementTimers timers) {
        ClientOverrideConfiguration current = builder.overrideConfiguration();
        return builder.endpointOverride(endpoint)
                .overrideConfiguration(current.toBuilder()
                        .retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallTimeout(settings.getManagementTimeout())
                        .scheduledExecutorService(timers.executor())
                        .build());
    }

    static Duration connectTimeout(AwsSettings settings) {
        Duration timeout = settings.getManagementTimeout();
        return timeout.compareTo(Duration.ofSeconds(1)) < 0 ? timeout : Duration.ofSeconds(1);
    }
}
