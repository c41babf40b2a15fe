package io.ridewire.functions.delivery;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.ridewire.functions.aws.DynamoCallCounter;
import io.ridewire.functions.testing.ServiceContext;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static io.ridewire.functions.testing.Places.unique;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A burst of events for one user, stored at once as the bridge stores them (hundreds in flight): every append lands
 * on the first call, under its own seq, in one transaction with no counter read. Before appends to one inbox took turns, they raced for its counter, most
 * ran out of tries, and the bridge put them back on JetStream with the category's backoff, minutes late.
 */
@MicronautTest(contextBuilder = ServiceContext.Shared.class)
class InboxBurstTest {
    @Inject
    EventStore events;
    @Inject
    DynamoCallCounter calls;

    @Test
    void fourHundredConcurrentAppendsToOneInbox_eachLandsOnceUnderItsOwnSeq() throws Exception {
        Inbox inbox = Inbox.user(unique("burst"));
        String route = "burst:" + inbox.key();
        List<Future<StoredEvent>> appends = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int n = 0; n < 400; n++) {
                String id = "burst-" + n;
                appends.add(threads.submit(() -> DynamoCallCounter.attributedTo(route,
                        () -> events.append(inbox, id, "payment.completed", false, "{}"))));
            }
        }
        List<Long> seqs = new ArrayList<>();
        for (Future<StoredEvent> append : appends) {
            StoredEvent stored = append.get();
            assertThat(stored.fresh()).isTrue();
            seqs.add(stored.seq());
        }
        assertThat(seqs).containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, 400).mapToObj(Long::valueOf).toList());
        assertThat(calls.snapshot(route)).as("one transaction per event (no conflicts), one counter read")
                .containsEntry("TransactWriteItems", 400L).containsEntry("GetItem", 1L);
        assertThat(events.append(inbox, "burst-7", "payment.completed", false, "{}").fresh())
                .as("a repeated id stores nothing").isFalse();
    }
}
