package io.ridewire.functions.matching;

import io.ridewire.functions.deadlines.Deadline;
import io.ridewire.functions.deadlines.DeadlineHandler;
import jakarta.inject.Singleton;

/**
 * The passenger's {@code max_wait_minutes} as a durable timer ({@code match.max_wait}, payload {@code matchId}):
 * an unconfirmed match is cancelled with {@code reason: timeout}.
 */
@Singleton
public class MaxWaitExpiry implements DeadlineHandler {
    private final Matchmaker matchmaker;

    public MaxWaitExpiry(Matchmaker matchmaker) {
        this.matchmaker = matchmaker;
    }

    @Override
    public String kind() {
        return Matchmaker.MAX_WAIT_KIND;
    }

    @Override
    public void fire(Deadline deadline) {
        matchmaker.maxWaitReached(deadline.payload(), deadline.id());
    }
}
