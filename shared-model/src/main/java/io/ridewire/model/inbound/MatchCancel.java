package io.ridewire.model.inbound;

import io.ridewire.model.protocol.Fields;

/**
 * {@code match.cancel}: the match, and an optional free-text reason of at most {@value #MAX_REASON} characters.
 *
 * @param reason null when none was given
 */
public record MatchCancel(String matchId, String reason) {
    static final int MAX_REASON = 200;

    public static MatchCancel read(Fields payload) {
        String matchId = payload.id("match_id");
        return new MatchCancel(matchId, Texts.optional(payload, "reason", MAX_REASON).orElse(null));
    }
}
