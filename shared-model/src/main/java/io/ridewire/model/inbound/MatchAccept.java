package io.ridewire.model.inbound;

import io.ridewire.model.matching.Party;
import io.ridewire.model.protocol.Fields;

/** {@code match.accept}: the match answered, and optionally the sender's own {@code user_type}. */
public record MatchAccept(String matchId) {

    public static MatchAccept read(Fields payload, Party sender) {
        String matchId = payload.id("match_id");
        Sides.checkIfPresent(payload, sender);
        return new MatchAccept(matchId);
    }
}
