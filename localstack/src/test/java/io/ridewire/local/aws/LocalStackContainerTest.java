package io.ridewire.local.aws;

import io.micronaut.json.JsonMapper;
import io.ridewire.model.identity.Role;
import io.ridewire.local.LocalStack;
import io.ridewire.local.testing.TestStacks;
import io.ridewire.local.testing.WsClient;
import io.ridewire.functions.system.SecretProperties;
import io.ridewire.deployment.TableCatalogue;
import io.ridewire.deployment.TableSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The LocalStack path of localstack/README.md: LocalStack with the init script, then the handlers (behind the
 * embedded gateway emulator, since LocalStack's free tier has no WebSocket APIs) against LocalStack's DynamoDB, and
 * SecretProperties against its Secrets Manager. Skipped where there is no Docker engine, and where no
 * LOCALSTACK_AUTH_TOKEN is set (the LocalStack image refuses to start without one).
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackContainerTest {
    private static LocalStackContainer localstack;
    private static DynamoDbClient dynamo;
    private static SecretsManagerClient secrets;

    @BeforeAll
    static void start() {
        String token = System.getenv("LOCALSTACK_AUTH_TOKEN");
        assumeTrue(token != null && !token.isBlank(), "LOCALSTACK_AUTH_TOKEN is not set: the image needs one");
        localstack = new LocalStackContainer(DockerImageName.parse(
                System.getenv().getOrDefault("RIDEWIRE_LOCALSTACK_IMAGE", "localstack/localstack:latest")))
                .withServices(LocalStackContainer.Service.DYNAMODB,
                        LocalStackContainer.Service.SECRETSMANAGER)
                .withEnv("LOCALSTACK_AUTH_TOKEN", token)
                .withCopyFileToContainer(MountableFile.forHostPath(InitScriptTest.SCRIPT, 0755),
                        "/etc/localstack/init/ready.d/10-ridewire.sh")
                .waitingFor(Wait.forLogMessage(".*ridewire: LocalStack resources ready.*", 1)
                        .withStartupTimeout(Duration.ofMinutes(3)));
        localstack.start();
        var credentials = StaticCredentialsProvider.create(
                AwsBasicCredentials.create(localstack.getAccessKey(), localstack.getSecretKey()));
        dynamo = DynamoDbClient.builder().endpointOverride(localstack.getEndpoint()).credentialsProvider(credentials)
                .region(Region.of(localstack.getRegion())).build();
        secrets = SecretsManagerClient.builder().endpointOverride(localstack.getEndpoint())
                .credentialsProvider(credentials).region(Region.of(localstack.getRegion())).build();
    }

    @AfterAll
    static void stop() {
        if (localstack != null) {
            dynamo.close();
            secrets.close();
            localstack.stop();
        }
    }

    @Test
    void initScript_createsEveryCatalogueTable_withItsKeysAndTtl() {
        for (TableSpec spec : TableCatalogue.all()) {
            var table = dynamo.describeTable(b -> b.tableName("ridewire-" + spec.name())).table();
            assertThat(table.keySchema().get(0).attributeName()).isEqualTo(spec.partitionKey().name());
            assertThat(table.globalSecondaryIndexes()).hasSize(spec.indexes().size());
            var ttl = dynamo.describeTimeToLive(b -> b.tableName("ridewire-" + spec.name())).timeToLiveDescription();
            assertThat(ttl.attributeName()).isEqualTo(spec.ttlAttribute());
        }
    }

    @Test
    void secretProperties_readTheSecretsTheInitScriptCreated() {
        var source = SecretProperties.read(
                "ridewire.jwt.secret=ridewire-local-jwt-secret;ridewire.nats.url=ridewire-local-nats-url", secrets);
        assertThat(source.get("ridewire.nats.url")).isEqualTo("nats://127.0.0.1:4222");
        assertThat((String) source.get("ridewire.jwt.secret")).hasSizeGreaterThanOrEqualTo(32);
    }

    @Test
    void handlers_againstLocalStacksDynamoDb_registerTheConnectionAndAnswerPing() {
        try (LocalStack stack = TestStacks.start(b -> b.property("ridewire.aws.dynamodb-endpoint",
                localstack.getEndpoint().toString()))) {
            JsonMapper json = stack.context().getBean(JsonMapper.class);
            String user = TestStacks.uniqueId("driver");
            try (WsClient client = WsClient.connectWithHeader(stack.webSocketUri(),
                    stack.tokens().mint(Role.DRIVER, user), json)) {
                String connection = WsClient.text(client.await("connection.established"), "payload.connection_id");
                client.send("{\"type\":\"ping\",\"id\":\"c-1\"}");
                assertThat(WsClient.text(client.await("pong"), "id")).isEqualTo("c-1");
                Map<String, AttributeValue> item = dynamo.getItem(b -> b
                        .tableName(stack.options().tablePrefix() + TableCatalogue.CONNECTIONS.name())
                        .key(Map.of("connection_id", AttributeValue.fromS(connection)))).item();
                assertThat(item).isNotEmpty();
            }
        }
    }
}
