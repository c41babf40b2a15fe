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

    @Singleton
    ApiGatewayManagementApiClient managementApi(AwsSettings settings) {
        var endpoint = settings.getManagementEndpoint().orElseThrow(() -> new ConfigurationException(
                "ridewire.aws.management-endpoint (RIDEWIRE_AWS_MANAGEMENT_ENDPOINT) must name the WebSocket API's "
                        + "connection endpoint, https://{api-id}.execute-api.{region}.amazonaws.com/{stage}"));
        return ApiGatewayManagementApiClient.builder()
                .region(Region.of(settings.getRegion()))
                .credentialsProvider(credentials(settings))
                .endpointOverride(endpoint)
                .httpClientBuilder(ApacheHttpClient.builder()
                        .maxConnections(settings.getMaxConnections())
                        .connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(Duration.ofSeconds(5)))
                .build();
    }
}
