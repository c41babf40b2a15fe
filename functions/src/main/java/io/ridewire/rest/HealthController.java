package io.ridewire.rest;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.ridewire.aws.TableNames;
import io.ridewire.events.NatsConnection;
import io.ridewire.redis.RedisConnections;
import io.ridewire.tables.TableCatalogue;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /health}: DynamoDB, Redis and NATS each checked now; 503 when any is down. */
@Controller("/health")
@Secured(SecurityRule.IS_ANONYMOUS)
public class HealthController {
    private final DynamoDbClient dynamo;
    private final TableNames tables;
    private final RedisConnections redis;
    private final NatsConnection nats;

    public HealthController(DynamoDbClient dynamo, TableNames tables, RedisConnections redis, NatsConnection nats) {
        this.dynamo = dynamo;
        this.tables = tables;
        this.redis = redis;
        this.nats = nats;
    }

    @Serdeable
    public record Health(String status, Map<String, String> checks) {
    }

    @Get
    public HttpResponse<Health> health() {
        Map<String, String> checks = new LinkedHashMap<>();
        checks.put("dynamodb", up(this::dynamoUp));
        checks.put("redis", up(redis::ping));
        checks.put("nats", up(nats::isConnected));
        boolean allUp = checks.values().stream().allMatch("UP"::equals);
        return HttpResponse.status(allUp ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
                .body(new Health(allUp ? "UP" : "DOWN", checks));
    }

    private boolean dynamoUp() {
        dynamo.describeTable(b -> b.tableName(tables.of(TableCatalogue.CONNECTIONS)));
        return true;
    }

    private static String up(java.util.function.BooleanSupplier check) {
        try {
            return check.getAsBoolean() ? "UP" : "DOWN";
        } catch (RuntimeException e) {
            return "DOWN";
        }
    }
}
