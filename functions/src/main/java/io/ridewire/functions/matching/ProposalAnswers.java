package io.ridewire.functions.matching;

import io.ridewire.model.events.Trace;
import io.ridewire.model.matching.Match;
import io.ridewire.model.matching.MatchEvent;
import io.ridewire.model.matching.MatchState;
import io.ridewire.model.matching.Party;
import io.ridewire.model.matching.payload.MatchResponded;
import jakarta.inject.Singleton;

import java.time.Instant;

/**
 * A driver's or passenger's answer to a proposal ({@code match.accept}, {@code match.reject}): applied to the match,
 * and, when it changed the match, published as {@code match.response} with how long the answer took.
 */
@Singleton
public class ProposalAnswers {
    private final Matchmaker matchmaker;
    private final MatchNotices notices;
    private final MatchingSettings settings;

    public ProposalAnswers(Matchmaker matchmaker, MatchNotices notices, MatchingSettings settings) {
        this.matchmaker = matchmaker;
        this.notices = notices;
        this.settings = settings;
    }

    /** The driver's accept confirms; the passenger's is needed too when the settings say so, and is otherwise a no-op. */
    public void accept(Party party, String userId, String matchId, Trace trace) {
        Matchmaker.Applied applied = matchmaker.answer(matchId,
                new MatchEvent.Accept(party, userId, settings.confirmation()), trace);
        if (applied.changed()) {
            notices.responded(applied.after(), party, userId, MatchResponded.ACCEPTED, null,
                    proposedAt(applied.before()), trace);
        }
    }

    /** The next nearest driver is proposed (not the rejected one again), or the match is cancelled. */
    public void reject(Party party, String userId, String matchId, String reason, Trace trace) {
        Matchmaker.Applied applied = matchmaker.answer(matchId, new MatchEvent.Reject(party, userId, reason), trace);
        if (applied.changed()) {
            notices.responded(applied.after(), party, userId, MatchResponded.REJECTED, reason,
                    proposedAt(applied.before()), trace);
        }
    }

    /** When the proposal answered was sent, for {@code response_time_seconds}. */
    private Instant proposedAt(Match match) {
        return match.state() instanceof MatchState.Proposed p ? p.expiresAt().minus(settings.getProposalTimeout()) : null;
    }
}
