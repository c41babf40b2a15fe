package io.ridewire.functions.matching;

import io.ridewire.model.matching.Match;
import io.ridewire.model.matching.MatchState;
import io.ridewire.model.matching.Party;

import io.ridewire.functions.gateway.Inbound;
import io.ridewire.model.protocol.Fields;
import io.ridewire.model.protocol.InvalidMessage;

import java.util.Set;

/**
 * Reads who is answering a proposal ({@code match.accept}, {@code match.reject}): only drivers and passengers
 * answer, and a {@code user_type} other than the caller's role is refused — nobody answers for the other side.
 */
final class Answers {
    private static final Set<String> USER_TYPES = Set.of("driver", "passenger");

    private Answers() {
    }

    record Answer(Party party, String matchId) {
    }

    static Answer read(Inbound message) {
        Party party = Party.of(message.caller().role())
                .orElseThrow(() -> InvalidMessage.forbidden("type", "only drivers and passengers answer proposals"));
        Fields payload = message.fields();
        String matchId = payload.id("match_id");
        payload.optionalOneOf("user_type", USER_TYPES).ifPresent(userType -> {
            if (!userType.equals(party.userType())) {
                throw InvalidMessage.forbidden("user_type", "you are connected as a " + party.userType());
            }
        });
        return new Answer(party, matchId);
    }

    /** When the proposal answered was sent, for {@code response_time_seconds}. */
    static java.time.Instant proposedAt(Match match, MatchingSettings settings) {
        return match.state() instanceof MatchState.Proposed p ? p.expiresAt().minus(settings.getProposalTimeout()) : null;
    }
}
