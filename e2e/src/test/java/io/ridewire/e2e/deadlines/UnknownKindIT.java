package io.ridewire.e2e.deadlines;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.ridewire.bridge.ops.BridgeMetrics;
import io.ridewire.bridge.timers.DeadlinePoller;
import io.ridewire.deployment.TableCatalogue;
import io.ridewire.functions.aws.TableNames;
import io.ridewire.functions.deadlines.Deadline;
import io.ridewire.functions.deadlines.DeadlineHandler;
import io.ridewire.functions.deadlines.DeadlineSettings;
import io.ridewire.functions.deadlines.Deadlines;
import io.ridewire.local.LocalStack;
import io.ridewire.local.testing.Eventually;
import io.ridewire.local.testing.TestStacks;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.ridewire.functions.aws.Dynamo.n;
import static io.ridewire.functions.aws.Dynamo.s;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An entry of a kind this version has no handler for (a newer version wrote it during a deploy) is neither dropped
 * nor claimed over and over: the poller gives it back, due again in a minute, counts it each time and warns once.
 */
class UnknownKindIT {

    @Test
    void anEntryOfAKindWithoutHandler_isGivenBackForAMinute_countedEachTime_warnedOnce() {
        try (LocalStack stack = TestStacks.start(b -> b)) {
            stack.context().getBean(DeadlinePoller.class).close();
            Deadlines deadlines = stack.context().getBean(Deadlines.class);
            BridgeMetrics metrics = new BridgeMetrics();
            String id = "newer-" + UUID.randomUUID();
            deadlines.schedule(new Deadline(id, "test.from-a-newer-version", Instant.now().minusMillis(1), "p"));
            ListAppender<ILoggingEvent> log = capture();
            try (DeadlinePoller poller = new DeadlinePoller(deadlines,
                    stack.context().getBean(DeadlineSettings.class),
                    List.copyOf(stack.context().getBeansOfType(DeadlineHandler.class)), metrics)) {
                Instant firstTry = Instant.now();
                poller.pollOnce();
                Eventually.until(() -> givenBack(deadlines, id, firstTry), Duration.ofSeconds(10));
                Eventually.until(() -> metrics.deadlinesUnknownKind.count() == 1, Duration.ofSeconds(10));
                assertThat(deadlines.dueAt(id)).as("kept, due again a minute later")
                        .hasValueSatisfying(due -> assertThat(due)
                                .isBetween(firstTry.plus(DeadlinePoller.UNKNOWN_KIND_DELAY).minusSeconds(1),
                                        Instant.now().plus(DeadlinePoller.UNKNOWN_KIND_DELAY)));
                assertThat(poller.pollOnce()).as("not claimed again before its minute").isZero();

                dueNow(stack, id); // the minute has passed
                Instant secondTry = Instant.now();
                poller.pollOnce();
                Eventually.until(() -> givenBack(deadlines, id, secondTry), Duration.ofSeconds(10));
                Eventually.until(() -> metrics.deadlinesUnknownKind.count() == 2, Duration.ofSeconds(10));
            } finally {
                logger().detachAppender(log);
            }
            assertThat(log.list).filteredOn(e -> e.getLevel() == Level.WARN && e.getFormattedMessage().contains(id))
                    .as("one warning for the entry, however often it comes back").hasSize(1);
        }
    }

    /** Due again about a minute after {@code tried}: given back, not merely claimed (a claim holds it for the 30 s lease). */
    private static boolean givenBack(Deadlines deadlines, String id, Instant tried) {
        return deadlines.dueAt(id).filter(due -> due.isAfter(tried.plusSeconds(45))).isPresent();
    }

    /** Moves the entry's due time to now, as the minute passing would, keeping it the same entry. */
    private static void dueNow(LocalStack stack, String id) {
        String table = stack.context().getBean(TableNames.class).of(TableCatalogue.DEADLINES);
        stack.context().getBean(DynamoDbClient.class).updateItem(b -> b.tableName(table)
                .key(Map.of("deadline_id", s(id)))
                .updateExpression("SET #due = :now")
                .expressionAttributeNames(Map.of("#due", "due"))
                .expressionAttributeValues(Map.of(":now", n(Instant.now().minusMillis(1).toEpochMilli()))));
    }

    private static ListAppender<ILoggingEvent> capture() {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger().addAppender(appender);
        return appender;
    }

    private static Logger logger() {
        return (Logger) LoggerFactory.getLogger(DeadlinePoller.class);
    }
}
