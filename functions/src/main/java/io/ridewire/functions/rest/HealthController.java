package io.ridewire.functions.rest;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.ridewire.functions.aws.TableNames;
import io.ridewire.functions.events.NatsConnection;
import io.ridewire.functions.health.HealthCheck;
import io.ridewire.functions.redis.RedisConnections;
import io.ridewire.deployment.TableCatalogue;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /health}: DynamoDB, Redis and NATS each checked now, and every {@link HealthCheck} running here (the
 * deadline poller's lag, events waiting for NATS, the bridge consuming). 503 when anything is DOWN; DEGRADED (200)
 * when something is behind; {@code lag} and {@code details} say by how much and why.
 */
@Controller("/health")
@Secured(SecurityRule.IS_ANONYMOUS)
public class HealthController {
    private final DynamoDbClient dynamo;
    private final TableNames tables;
    private final RedisConnections redis;
    private final NatsConnection nats;
    private final List<HealthCheck> components;

    public HealthController(DynamoDbClient dynamo, TableNames tables, RedisConnections redis, NatsConnection nats,
                            List<HealthCheck> components) {
        this.dynamo = dynamo;
        this.tables = tables;
        this.redis = redis;
        this.nats = nats;
        this.components = components;
    }

    @Serdeable
    public record Health(String status, Map<String, String> checks, Map<String, String> lag,
                         Map<String, String> details) {
    }

    @Get
    public HttpResponse<Health> health() {
        Map<String, String> checks = new LinkedHashMap<>();
        Map<String, String> lag = new LinkedHashMap<>();
        Map<String, String> details = new LinkedHashMap<>();
        checks.put("dynamodb", up(this::dynamoUp));
        checks.put("redis", up(redis::ping));
        checks.put("nats", up(nats::isConnected));
        for (HealthCheck component : components) {
            Optional<HealthCheck.Result> result;
            try {
                result = component.check();
            } catch (RuntimeException e) {
                result = Optional.of(new HealthCheck.Result(HealthCheck.Status.DOWN, null, e.toString()));
            }
            result.ifPresent(r -> {
                checks.put(component.component(), r.status().name());
                if (r.lag() != null) {
                    lag.put(component.component(), r.lag());
                }
                if (r.detail() != null) {
                    details.put(component.component(), r.detail());
                }
            });
        }
        String status = checks.containsValue("DOWN") ? "DOWN" : checks.containsValue("DEGRADED") ? "DEGRADED" : "UP";
        return HttpResponse.status("DOWN".equals(status) ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.OK)
                .body(new Health(status, checks, lag, details));
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
