package io.ridewire.functions.deadlines;

import java.time.Instant;

/**
 * A durable timer.
 *
 * @param id      unique and stable: scheduling the same id again moves the deadline instead of adding one
 * @param kind    selects the {@link DeadlineHandler}
 * @param due     when it fires
 * @param payload what the handler needs (an id, usually), as text
 */
public record Deadline(String id, String kind, Instant due, String payload) {
}
