package io.ridewire.functions.delivery;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.ridewire.functions.aws.DynamoCallCounter;
import io.ridewire.functions.testing.ServiceContext;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.ridewire.functions.testing.Places.unique;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every critical event is acknowledged once, so an ack is one DynamoDB write and no read: it marks the event's guard,
 * keyed by the id the client sends. It used to read the guard for the seq and then write the event item.
 */
@MicronautTest(contextBuilder = ServiceContext.Shared.class)
class AckCostTest {
    @Inject
    EventStore events;
    @Inject
    DynamoCallCounter calls;

    @Test
    void anAckIsOneWrite_andAReSendSeesIt() {
        Inbox inbox = Inbox.user(unique("acker"));
        events.append(inbox, "critical-1", "match.proposal", true, "{}");
        events.append(inbox, "critical-2", "match.proposal", true, "{}");
        String route = "ack:" + inbox.key();

        assertThat(DynamoCallCounter.attributedTo(route, () -> events.markAcked(inbox, "critical-1"))).isTrue();

        assertThat(calls.snapshot(route)).isEqualTo(Map.of("UpdateItem", 1L));
        assertThat(events.find(inbox, "critical-1")).hasValueSatisfying(event -> {
            assertThat(event.acked()).isTrue();
            assertThat(event.seq()).isEqualTo(1);
        });
        assertThat(events.find(inbox, "critical-2")).hasValueSatisfying(event -> assertThat(event.acked()).isFalse());
        assertThat(events.markAcked(inbox, "critical-1")).as("acknowledging twice is harmless").isTrue();
    }

    @Test
    void anUnknownIdIsNotFound_andLeavesNoItem() {
        Inbox inbox = Inbox.user(unique("acker"));
        events.append(inbox, "kept", "match.proposal", true, "{}");

        assertThat(events.markAcked(inbox, "never-stored")).isFalse();

        assertThat(events.find(inbox, "never-stored")).isEmpty();
        assertThat(events.after(inbox, 0, 10).events()).extracting(StoredEvent::eventId).containsExactly("kept");
    }
}
