package io.ridewire.functions.matching;

import io.ridewire.functions.deadlines.Deadline;
import io.ridewire.functions.deadlines.DeadlineHandler;
import jakarta.inject.Singleton;

/**
 * A proposal's durable timer ({@code match.proposal}, payload {@code matchId|attempt}): the next driver is asked.
 * Firing late or twice is harmless: the state machine ignores the timer of a proposal that is no longer pending.
 */
@Singleton
public class ProposalExpiry implements DeadlineHandler {
    private final Matchmaker matchmaker;

    public ProposalExpiry(Matchmaker matchmaker) {
        this.matchmaker = matchmaker;
    }

    @Override
    public String kind() {
        return Matchmaker.PROPOSAL_KIND;
    }

    @Override
    public void fire(Deadline deadline) {
        int bar = deadline.payload().lastIndexOf('|');
        matchmaker.proposalExpired(deadline.payload().substring(0, bar),
                Integer.parseInt(deadline.payload().substring(bar + 1)), deadline.id());
    }
}
