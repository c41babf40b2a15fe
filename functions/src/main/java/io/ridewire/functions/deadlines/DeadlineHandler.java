package io.ridewire.functions.deadlines;

/**
 * Acts when a deadline of its kind comes due. Firing is at least once (a poller that dies mid-way leaves the
 * deadline to fire again after its lease), so a handler must be idempotent: guard its writes with the state they
 * expect (a conditional write on the match's or order's state, say).
 */
public interface DeadlineHandler {

    /** The kind this handler serves, e.g. {@code match.proposal}. */
    String kind();

    /** Handles a due deadline; an exception makes it fire again after the retry delay. */
    void fire(Deadline deadline);
}
