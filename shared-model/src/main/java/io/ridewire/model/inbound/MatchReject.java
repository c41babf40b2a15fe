package io.ridewire.model.inbound;

import io.ridewire.model.matching.Party;
import io.ridewire.model.protocol.Fields;

import java.util.Set;

/**
 * {@code match.reject}: the match answered, optionally the sender's own {@code user_type} and a reason.
 *
 * @param reason one of {@code too_far}, {@code price_too_high}, {@code other}, or null
 */
public record MatchReject(String matchId, String reason) {
    private static final Set<String> REASONS = Set.of("too_far", "price_too_high", "other");

    public static MatchReject read(Fields payload, Party sender) {
        String matchId = payload.id("match_id");
        Sides.checkIfPresent(payload, sender);
        return new MatchReject(matchId, payload.optionalOneOf("reason", REASONS).orElse(null));
    }
}
