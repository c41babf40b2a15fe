package io.ridewire.functions.deadlines;

import io.micronaut.context.ApplicationContext;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.ridewire.deployment.TableCatalogue;
import io.ridewire.functions.aws.Dynamo;
import io.ridewire.functions.aws.TableNames;
import io.ridewire.functions.aws.Tables;
import io.ridewire.functions.health.HealthCheck;
import io.ridewire.functions.testing.ServiceContext;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static io.ridewire.functions.aws.Dynamo.s;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A deadline whose handler keeps failing, against DynamoDB Local on a table of this class and a clock the test
 * moves: it is retried every second, then with growing waits up to 5 minutes; it carries its failures and when they
 * began, its expiry stays ahead of it, and /health says DEGRADED once it has failed for over 2 minutes.
 */
@MicronautTest(contextBuilder = ServiceContext.Shared.class)
class FailingDeadlinesTest {
    @Inject
    ApplicationContext context;
    @Inject
    DynamoDbClient dynamo;

    private final MovableClock clock = new MovableClock();
    private String table;
    private Deadlines deadlines;

    @BeforeEach
    void privateTable() {
        String prefix = "failing" + UUID.randomUUID().toString().substring(0, 8) + "-";
        Tables.createAll(dynamo, prefix);
        TableNames tables = new TableNames(prefix);
        table = tables.of(TableCatalogue.DEADLINES);
        deadlines = new DynamoDeadlines(dynamo, tables, settings(), clock);
    }

    private DeadlineSettings settings() {
        return context.getBean(DeadlineSettings.class);
    }

    @Test
    void eachFailureIsCounted_sinceTheFirst_retriedEverySecondForSixty_thenBackingOffToFiveMinutes() {
        Instant start = clock.instant();
        String id = "failing-" + UUID.randomUUID();
        deadlines.schedule(new Deadline(id, "test.failing", start, "p"));

        for (int failure = 1; failure <= 70; failure++) {
            Deadlines.Claim claim = claimDue(id);
            assertThat(claim.failures()).isEqualTo(failure - 1);
            Duration wait = deadlines.failed(claim);
            Map<String, AttributeValue> item = item(id);
            assertThat(Dynamo.number(item, "failures", 0)).isEqualTo(failure);
            assertThat(Dynamo.number(item, "failing_since", 0)).as("when the first failure happened")
                    .isEqualTo(start.toEpochMilli());
            assertThat(Dynamo.number(item, "due", 0)).isEqualTo(clock.millis() + wait.toMillis());
            assertThat(wait).as("the wait after failure %d", failure).isEqualTo(switch (failure) {
                case 61 -> Duration.ofSeconds(2);
                case 62 -> Duration.ofSeconds(4);
                case 68 -> Duration.ofSeconds(256);
                case 69, 70 -> Duration.ofMinutes(5);
                default -> failure <= 60 ? Duration.ofSeconds(1) : wait;
            });
            clock.advance(wait);
        }
    }

    @Test
    void aFailingDeadlineOutlivesItsExpiry_whileItKeepsBeingRetried() {
        String id = "failing-" + UUID.randomUUID();
        deadlines.schedule(new Deadline(id, "test.failing", clock.instant(), "p"));
        long scheduledExpiry = Dynamo.number(item(id), TableCatalogue.TTL, 0);

        clock.advance(Duration.ofDays(8)); // an outage longer than the expiry kept after the due time
        deadlines.failed(claimDue(id));

        long due = Dynamo.number(item(id), "due", 0);
        assertThat(Dynamo.number(item(id), TableCatalogue.TTL, 0))
                .isGreaterThan(scheduledExpiry)
                .isEqualTo(Instant.ofEpochMilli(due).plus(Duration.ofDays(7)).getEpochSecond());
    }

    @Test
    void theLongestFailingIsFound_andFailingOnesCounted_untilTheySucceed() {
        String older = "older-" + UUID.randomUUID();
        String newer = "newer-" + UUID.randomUUID();
        deadlines.schedule(new Deadline(older, "test.failing", clock.instant(), ""));
        deadlines.schedule(new Deadline(newer, "test.failing", clock.instant().plusSeconds(30), ""));
        deadlines.schedule(new Deadline("fine-" + UUID.randomUUID(), "test.fine", clock.instant().plusSeconds(600), ""));
        assertThat(deadlines.longestFailing()).isEmpty();
        assertThat(deadlines.failingCount()).isZero();

        Instant olderSince = clock.instant();
        deadlines.failed(claimDue(older));
        clock.advance(Duration.ofSeconds(30));
        Map<String, Deadlines.Claim> both = deadlines.claimDue().stream()
                .collect(Collectors.toMap(c -> c.deadline().id(), c -> c));
        Deadlines.Claim olderAgain = both.get(older);
        deadlines.failed(both.get(newer));

        assertThat(deadlines.longestFailing()).contains(new Deadlines.Failing(older, olderSince));
        assertThat(deadlines.failingCount()).isEqualTo(2);

        deadlines.complete(olderAgain); // it succeeded at last
        assertThat(deadlines.longestFailing()).map(Deadlines.Failing::id).contains(newer);
        assertThat(deadlines.failingCount()).isEqualTo(1);
    }

    @Test
    void rescheduled_aDeadlineStartsWithoutFailures() {
        String id = "failing-" + UUID.randomUUID();
        deadlines.schedule(new Deadline(id, "test.failing", clock.instant(), ""));
        deadlines.failed(claimDue(id));
        deadlines.schedule(new Deadline(id, "test.failing", clock.instant(), ""));

        assertThat(claimDue(id).failures()).isZero();
        assertThat(deadlines.failingCount()).isZero();
    }

    @Test
    void health_isDegradedOnceADeadlineHasFailedForLongerThanTwoMinutes_thoughRetriedOnTime() {
        DeadlineHealth health = new DeadlineHealth(deadlines, settings(), clock);
        String id = "failing-" + UUID.randomUUID();
        Instant start = clock.instant();
        deadlines.schedule(new Deadline(id, "test.failing", start, ""));
        Instant twoMinutesOn = start.plus(Duration.ofMinutes(2));

        Duration wait = Duration.ZERO;
        while (!clock.instant().plus(wait).isAfter(twoMinutesOn)) { // a poller retries it on time: never overdue
            clock.advance(wait);
            wait = deadlines.failed(claimDue(id));
        }
        assertThat(health.check()).get().extracting(HealthCheck.Result::status).isEqualTo(HealthCheck.Status.UP);

        clock.advance(Duration.between(clock.instant(), twoMinutesOn.plusMillis(500)));
        assertThat(health.check()).hasValueSatisfying(result -> {
            assertThat(result.status()).isEqualTo(HealthCheck.Status.DEGRADED);
            assertThat(result.detail()).contains(id).contains("120s");
        });

        clock.advance(RetryBackoff.MAX);
        deadlines.complete(claimDue(id)); // it succeeded at last
        assertThat(health.check()).get().extracting(HealthCheck.Result::status).isEqualTo(HealthCheck.Status.UP);
    }

    private Deadlines.Claim claimDue(String id) {
        return deadlines.claimDue().stream().filter(c -> c.deadline().id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError(id + " is not due at " + clock.instant()));
    }

    private Map<String, AttributeValue> item(String id) {
        return dynamo.getItem(b -> b.tableName(table).key(Map.of("deadline_id", s(id))).consistentRead(true)).item();
    }

    /** A clock that stands still until the test moves it. */
    private static final class MovableClock extends Clock {
        private Instant now = Instant.parse("2026-12-02T10:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
