package io.ridewire.functions.deadlines;

import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Durable timers, shared by every process. A deadline is written by {@link #put} inside the transaction of the
 * state it guards, so the state never exists without its timer. Pollers claim due deadlines for a lease (exactly one
 * poller wins each); completing removes one only if the claim still holds, and a poller that dies leaves it to be
 * claimed again when the lease runs out. Neither Redis nor process memory holds anything a timer needs.
 * {@link DynamoDeadlines} keeps them in DynamoDB.
 */
public interface Deadlines {
    /** The write that schedules (or moves) a deadline, for a caller's transaction. */
    TransactWriteItem put(Deadline deadline);

    /** The write that cancels a deadline, for a caller's transaction. */
    TransactWriteItem delete(String id);

    /** Schedules (or moves) a deadline on its own. */
    void schedule(Deadline deadline);

    /** Schedules (or moves) several deadlines in one round trip; of two with one id, the later in the list stands. */
    void schedule(List<Deadline> deadlines);

    /** Cancels a deadline; true when it was still pending. */
    boolean cancel(String id);

    /** When a pending deadline is due, if it is pending. */
    Optional<Instant> dueAt(String id);

    /**
     * A deadline claimed by this process, with the token that proves it.
     *
     * @param failures how many times in a row its handler has failed so far
     */
    record Claim(Deadline deadline, String token, int failures) {
    }

    /** A deadline whose handler has failed every time since {@code since}. */
    record Failing(String id, Instant since) {
    }

    /**
     * Claims up to a batch of deadlines due now or within {@code lookahead}, oldest first per shard. A deadline
     * claimed ahead is fired by its poller at its due time (after {@link #stillClaimed}), so the query and the claim
     * are not on the timer's critical path.
     */
    List<Claim> claimDue(Duration lookahead);

    /** Claims up to a batch of deadlines due now. */
    List<Claim> claimDue();

    /** Whether a claim still holds: the deadline was neither cancelled nor moved since it was claimed. */
    boolean stillClaimed(Claim claim);

    /** Gives a claim back untouched: the deadline is due at its own time again, for any poller. */
    void release(Claim claim);

    /**
     * Claims one deadline whatever its due time, unless another process holds an unexpired claim on it: how the
     * writer of an outbox entry runs it at once, leaving it to the pollers if it fails.
     */
    Optional<Claim> claimNow(String id);

    /** Removes a fired deadline, unless it was re-scheduled meanwhile (then its new due time stands). */
    void complete(Claim claim);

    /**
     * Gives a claimed deadline back to fire again after {@code delay}, unless it was re-scheduled meanwhile: for one
     * this process cannot fire (no handler for its kind), not one that failed ({@link #failed}).
     */
    void retryLater(Claim claim, Duration delay);

    /**
     * Gives back a claimed deadline whose handler failed (Redis or the gateway down, say), unless it was re-scheduled
     * meanwhile: it fires again after the {@link RetryBackoff} for its failures in a row, which it keeps count of with
     * when they began; its expiry moves on with it, so no outage outlasts a failing deadline. Returns that wait.
     */
    Duration failed(Claim claim);

    /** The deadline that has been failing longest (its handler failed every time since), if any is failing. */
    Optional<Failing> longestFailing();

    /** How many deadlines are failing (their last firing failed). */
    long failingCount();

    /** How late the most overdue unclaimed deadline is (zero when none is overdue): the poller's lag. */
    Duration lag();
}
