package io.ridewire.functions.delivery;

import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Durable events, one sequence per inbox: an event, its id guard and the counter's step are stored together,
 * conditioned on the counter's previous value, so events become visible strictly in seq order (a reader never sees
 * n+1 before n) and an id is stored at most once. The counter also holds the inbox's epoch, drawn afresh whenever
 * the counter is created: a sequence that restarts (a wiped table, a lost partition) restarts under a new epoch, so
 * a client's old seq is never mistaken for a new one. {@link DynamoEventStore} keeps them in DynamoDB.
 */
public interface EventStore {
    /**
     * An event staged for someone else's transaction (a match write, say): the three writes that store it under the
     * seq after the counter read, and the event they store. They commit only if the inbox's counter is still where it
     * was read (another event did not take the seq first) and the id is new.
     */
    record PendingAppend(StoredEvent event, List<TransactWriteItem> writes) {
    }

    /**
     * Stages an event under the seq after {@code counter} (as read by {@link #counters}) for a transaction of the
     * caller's; once that transaction commits, the event is stored exactly as {@link #append} stores it.
     */
    PendingAppend prepare(Inbox inbox, Counter counter, String eventId, String type, boolean ackRequired,
                                 String payloadJson);

    /** Stores an event under the next seq, or returns the one already stored under this id. */
    StoredEvent append(Inbox inbox, String eventId, String type, boolean ackRequired, String payloadJson);

    /** {@link #append}, with writes (its re-send deadline) committed only together with a fresh event. */
    StoredEvent append(Inbox inbox, String eventId, String type, boolean ackRequired, String payloadJson,
                              List<TransactWriteItem> alongside);

    /** Where an inbox's sequence stands: its last seq (0 when none) and its epoch (null before the first event). */
    record Counter(long seq, String epoch) {
    }

    /** The counters of several inboxes, read together in one consistent batch. */
    Map<Inbox, Counter> counters(Collection<Inbox> inboxes);

    Counter counter(Inbox inbox);

    /** The event stored under this id, if it is still kept, with whether it was acknowledged. */
    Optional<StoredEvent> find(Inbox inbox, String eventId);

    /** Marks an event acknowledged; false when no such event is kept. */
    boolean markAcked(Inbox inbox, String eventId);

    /** One page of events after {@code since}, in seq order, all of {@code epoch}. */
    record Page(List<StoredEvent> events, boolean hasMore, String epoch) {
    }

    Page after(Inbox inbox, long since, int limit);

    /**
     * A page of the epoch the caller read from the counter; none (null) means the inbox was empty then, and the page
     * is empty too: what was stored since went out live, under its epoch.
     */
    Page after(Inbox inbox, String epoch, long since, int limit);
}
