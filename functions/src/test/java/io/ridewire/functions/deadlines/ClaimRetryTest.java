package io.ridewire.functions.deadlines;

import io.micronaut.context.ApplicationContext;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.ridewire.functions.aws.TableNames;
import io.ridewire.functions.aws.Tables;
import io.ridewire.functions.testing.LostAnswers;
import io.ridewire.functions.testing.ServiceContext;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A claim whose response is lost after DynamoDB applied it (the SDK sees a 500 and sends the same request again,
 * with the same token), against DynamoDB Local: the retry finds its own claim and the claimer holds the entry,
 * instead of nobody holding it for a lease.
 */
@MicronautTest(contextBuilder = ServiceContext.Shared.class)
class ClaimRetryTest {
    @Inject
    ApplicationContext context;
    @Inject
    DynamoDbClient dynamo;

    /** A deadlines table of this class alone: claimDue claims whatever is due in its table. */
    private TableNames tables;
    private Deadlines deadlines;

    @BeforeEach
    void privateTable() {
        String prefix = "claim" + UUID.randomUUID().toString().substring(0, 8) + "-";
        Tables.createAll(dynamo, prefix);
        tables = new TableNames(prefix);
        deadlines = new DynamoDeadlines(dynamo, tables, context.getBean(DeadlineSettings.class),
                context.getBean(Clock.class));
    }

    @Test
    void aClaimDueRetriedAfterItsResponseWasLost_stillHoldsTheEntry_withItsOwnDueTime() {
        Instant due = Instant.now().minusMillis(5).truncatedTo(ChronoUnit.MILLIS);
        String id = "lost-response-" + UUID.randomUUID();
        deadlines.schedule(new Deadline(id, "test.retry", due, "p"));
        AtomicInteger lost = new AtomicInteger();

        List<Deadlines.Claim> claims = losingFirstClaimResponse(lost).claimDue().stream()
                .filter(c -> c.deadline().id().equals(id)).toList();

        assertThat(lost).as("the first response was lost, so the SDK retried").hasValue(1);
        assertThat(claims).singleElement().satisfies(claim -> {
            assertThat(claim.deadline().due()).as("the due time it was scheduled for, not the lease").isEqualTo(due);
            assertThat(claim.deadline().payload()).isEqualTo("p");
            assertThat(deadlines.stillClaimed(claim)).isTrue();
        });
    }

    @Test
    void aClaimNowRetriedAfterItsResponseWasLost_stillHoldsTheEntry() {
        String id = "lost-response-now-" + UUID.randomUUID();
        deadlines.schedule(new Deadline(id, "test.retry", Instant.now().plusSeconds(60), "p"));
        AtomicInteger lost = new AtomicInteger();

        Optional<Deadlines.Claim> claim = losingFirstClaimResponse(lost).claimNow(id);

        assertThat(lost).hasValue(1);
        assertThat(claim).hasValueSatisfying(c -> assertThat(deadlines.stillClaimed(c)).isTrue());
    }

    /** Deadlines on a client whose first claim reaches DynamoDB but whose answer turns into a 500 on the way back. */
    private Deadlines losingFirstClaimResponse(AtomicInteger lost) {
        DynamoDbClient client = LostAnswers.client(context, request -> request instanceof UpdateItemRequest, 1, lost);
        return new DynamoDeadlines(client, tables, context.getBean(DeadlineSettings.class),
                context.getBean(Clock.class));
    }
}
