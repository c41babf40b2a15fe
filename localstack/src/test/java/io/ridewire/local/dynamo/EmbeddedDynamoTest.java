package io.ridewire.local.dynamo;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.dynamodb.services.local.monitoring.Telemetry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The local stack's DynamoDB Local reports nothing to AWS: its telemetry, on unless turned off, writes an installation
 * id to the working directory and sends start and stop events to Amazon Pinpoint from a developer's machine.
 */
class EmbeddedDynamoTest {

    @Test
    void servesTheSdk_withItsTelemetryOff() {
        try (EmbeddedDynamo dynamo = EmbeddedDynamo.start();
             DynamoDbClient client = DynamoDbClient.builder().endpointOverride(dynamo.endpoint())
                     .region(Region.US_EAST_1)
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "y")))
                     .build()) {
            assertThat(client.listTables().tableNames()).isNotNull();
            assertThat(Telemetry.getTelemetry()).as("DynamoDB Local's telemetry, created only when enabled").isEmpty();
        }
    }
}
