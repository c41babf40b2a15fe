package io.ridewire.e2e.deadlines;

import io.ridewire.bridge.ops.BridgeMetrics;
import io.ridewire.bridge.timers.DeadlinePoller;
import io.ridewire.deployment.TableCatalogue;
import io.ridewire.functions.aws.Dynamo;
import io.ridewire.functions.aws.TableNames;
import io.ridewire.functions.deadlines.Deadline;
import io.ridewire.functions.deadlines.DeadlineHandler;
import io.ridewire.functions.deadlines.DeadlineSettings;
import io.ridewire.functions.deadlines.Deadlines;
import io.ridewire.local.LocalStack;
import io.ridewire.local.testing.Eventually;
import io.ridewire.local.testing.TestStacks;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static io.ridewire.functions.aws.Dynamo.s;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The poller with a handler that fails three times, then succeeds: the entry counts its failures and when they began
 * while it fails (so /health and the failing gauge see it), the failures are counted, and it is removed once it
 * succeeds.
 */
class FailingDeadlineIT {

    @Test
    void aDeadlineWhoseHandlerFails_carriesItsFailures_isCountedAsFailing_untilItSucceeds() {
        try (LocalStack stack = TestStacks.start(b -> b)) {
            stack.context().getBean(DeadlinePoller.class).close();
            Deadlines deadlines = stack.context().getBean(Deadlines.class);
            String id = "flaky-" + UUID.randomUUID();
            AtomicInteger calls = new AtomicInteger();
            DeadlineHandler flaky = new DeadlineHandler() {
                @Override
                public String kind() {
                    return "test.flaky";
                }

                @Override
                public void fire(Deadline deadline) {
                    if (calls.incrementAndGet() <= 3) {
                        throw new IllegalStateException("Redis is down (for the test)");
                    }
                }
            };
            BridgeMetrics metrics = new BridgeMetrics();
            Instant scheduled = Instant.now();
            deadlines.schedule(new Deadline(id, "test.flaky", scheduled, ""));
            try (DeadlinePoller poller = new DeadlinePoller(deadlines,
                    stack.context().getBean(DeadlineSettings.class), List.of(flaky), metrics)) {
                poller.pollOnce();
                Eventually.until(() -> Dynamo.number(item(stack, id), "failures", 0) == 1, Duration.ofSeconds(10));
                assertThat(Dynamo.number(item(stack, id), "failing_since", 0))
                        .isBetween(scheduled.toEpochMilli(), Instant.now().toEpochMilli());
                assertThat(deadlines.failingCount()).isEqualTo(1);
                assertThat(metrics.gauge(BridgeMetrics.DEADLINES_FAILING)).isEqualTo(1.0);

                poller.start();
                Eventually.until(() -> deadlines.dueAt(id).isEmpty(), Duration.ofSeconds(20));
            }
            assertThat(calls).hasValue(4);
            assertThat(metrics.deadlineFailures.count()).isEqualTo(3.0);
            assertThat(metrics.gauge(BridgeMetrics.DEADLINES_FAILING)).isZero();
        }
    }

    private static Map<String, AttributeValue> item(LocalStack stack, String id) {
        String table = stack.context().getBean(TableNames.class).of(TableCatalogue.DEADLINES);
        return stack.context().getBean(DynamoDbClient.class).getItem(b -> b.tableName(table)
                .key(Map.of("deadline_id", s(id))).consistentRead(true)).item();
    }
}
