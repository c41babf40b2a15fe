package io.ridewire.functions.presence;

import io.micronaut.context.ApplicationContext;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.ridewire.deployment.TableCatalogue;
import io.ridewire.functions.aws.TableNames;
import io.ridewire.functions.redis.RedisConnections;
import io.ridewire.functions.testing.LostAnswers;
import io.ridewire.functions.testing.ServiceContext;
import io.ridewire.model.identity.Caller;
import io.ridewire.model.identity.Role;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A connect that replaces the user's session, whose answer is lost after DynamoDB applied it (the SDK sees a 500 and
 * sends the same request again), against DynamoDB Local: the retry still returns the connection it replaced, so
 * that one is closed, instead of returning nothing and leaving it open outside the session.
 */
@MicronautTest(contextBuilder = ServiceContext.Shared.class)
class SessionReplaceRetryTest {
    @Inject
    ApplicationContext context;
    @Inject
    Presence presence;
    @Inject
    TableNames tables;

    @Test
    void aReplaceRetriedAfterItsAnswerWasLost_returnsTheConnectionItReplaced() {
        replaceLosing(1);
    }

    @Test
    void aReplaceRetriedTwice_stillReturnsTheConnectionItReplaced() {
        replaceLosing(2);
    }

    private void replaceLosing(int answersLost) {
        String user = "u-" + UUID.randomUUID();
        String older = "c-old-" + UUID.randomUUID();
        String newer = "c-new-" + UUID.randomUUID();
        presence.addAll(connection(older, user), true);
        AtomicInteger lost = new AtomicInteger();

        Set<String> replaced = losingSessionAnswers(answersLost, lost).addAll(connection(newer, user), true);

        assertThat(lost).as("the answers were lost, so the SDK retried").hasValue(answersLost);
        assertThat(replaced).as("the connection to close").containsExactly(older);
        assertThat(presence.connectionsOf(user)).containsExactly(newer);
    }

    private static Connection connection(String connectionId, String user) {
        return new Connection(connectionId, new Caller(user, Role.PASSENGER, null), Instant.now(), Set.of());
    }

    /** Presence on a client whose first session updates reach DynamoDB but whose answers turn into 500s. */
    private Presence losingSessionAnswers(int answers, AtomicInteger lost) {
        DynamoDbClient client = LostAnswers.client(context, request -> request instanceof UpdateItemRequest update
                && update.tableName().equals(sessionsTable()), answers, lost);
        return new DynamoPresence(client, tables, context.getBean(ConnectionSettings.class),
                context.getBean(Clock.class), context.getBean(RedisConnections.class));
    }

    private String sessionsTable() {
        return tables.of(TableCatalogue.SESSIONS);
    }
}
