package io.ridewire.e2e;

import io.ridewire.local.LocalStack;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.ridewire.deployment.TableCatalogue;
import io.ridewire.functions.aws.TableNames;
import io.ridewire.functions.deadlines.Deadline;
import io.ridewire.bridge.timers.DeadlinePoller;
import io.ridewire.functions.deadlines.Deadlines;
import io.ridewire.local.testing.Eventually;
import io.ridewire.local.testing.TestStacks;
import io.ridewire.local.testing.WsClient;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static io.ridewire.functions.aws.Dynamo.n;
import static io.ridewire.functions.aws.Dynamo.s;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /health} tells the truth about work that is behind while every store answers: with the deadline poller
 * stopped and a deadline overdue, it says DEGRADED with the deadlines' lag; once a poller runs again, UP. A deadline
 * whose handler has failed for over 2 minutes makes it DEGRADED too, though retried on time it is never overdue.
 */
class HealthLagIT {

    @Test
    void pollerStoppedWithADeadlineOverdue_healthIsDegradedWithTheLag_untilAPollerCatchesUp() throws Exception {
        try (LocalStack stack = TestStacks.start(b -> b)) {
            JsonMapper json = stack.context().getBean(JsonMapper.class);
            stack.context().getBean(DeadlinePoller.class).close();
            stack.context().getBean(Deadlines.class).schedule(new Deadline("overdue-" + UUID.randomUUID(),
                    "test.unknown", Instant.now().minusSeconds(30), ""));

            JsonNode behind = health(stack, json);
            assertThat(WsClient.text(behind, "status")).isEqualTo("DEGRADED");
            assertThat(WsClient.text(behind, "checks.deadlines")).isEqualTo("DEGRADED");
            assertThat(Long.parseLong(WsClient.text(behind, "lag.deadlines").replace("ms", ""))).isGreaterThanOrEqualTo(30_000);

            // a poller of another process catches up (a kind it has no handler for is given back for a minute, warned)
            try (DeadlinePoller poller = new DeadlinePoller(stack.context().getBean(Deadlines.class),
                    stack.context().getBean(io.ridewire.functions.deadlines.DeadlineSettings.class), java.util.List.of())) {
                poller.start();
                Eventually.until(() -> "UP".equals(WsClient.text(health(stack, json), "checks.deadlines")));
            }
            assertThat(WsClient.text(health(stack, json), "status")).isEqualTo("UP");
        }
    }

    @Test
    void aDeadlineFailingForOverTwoMinutes_healthIsDegradedNamingIt_withinTheRestApisGrants() {
        try (LocalStack stack = TestStacks.start(b -> b)) {
            JsonMapper json = stack.context().getBean(JsonMapper.class);
            stack.context().getBean(DeadlinePoller.class).close();
            Deadlines deadlines = stack.context().getBean(Deadlines.class);
            String id = "failing-" + UUID.randomUUID();
            // retried on time with backoff: due ahead, never overdue, but failing for three minutes
            deadlines.schedule(new Deadline(id, "test.failing", Instant.now().plusSeconds(120), ""));
            String table = stack.context().getBean(TableNames.class).of(TableCatalogue.DEADLINES);
            stack.context().getBean(DynamoDbClient.class).updateItem(b -> b.tableName(table)
                    .key(Map.of("deadline_id", s(id)))
                    .updateExpression("SET #failures = :failures, #since = :since")
                    .expressionAttributeNames(Map.of("#failures", "failures", "#since", "failing_since"))
                    .expressionAttributeValues(Map.of(":failures", n(70),
                            ":since", n(Instant.now().minusSeconds(180).toEpochMilli()))));

            JsonNode failing = health(stack, json);
            assertThat(WsClient.text(failing, "status")).isEqualTo("DEGRADED");
            assertThat(WsClient.text(failing, "checks.deadlines")).isEqualTo("DEGRADED");
            assertThat(WsClient.text(failing, "details.deadlines")).contains(id);
            assertThat(stack.grants().refused()).as("the REST API may query by_failing").isEmpty();

            deadlines.cancel(id); // it succeeded at last
            assertThat(WsClient.text(health(stack, json), "checks.deadlines")).isEqualTo("UP");
        }
    }

    private static JsonNode health(LocalStack stack, JsonMapper json) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(stack.gateway().restEndpoint() + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            return json.readValue(response.body(), JsonNode.class);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
