package io.ridewire.functions.matching;

import io.ridewire.model.matching.MatchEvent;
import io.ridewire.model.matching.Party;

import io.micronaut.context.ApplicationContext;
import io.ridewire.functions.gateway.Inbound;
import io.ridewire.functions.gateway.Reply;
import io.ridewire.functions.gateway.RouteHandler;
import io.ridewire.model.protocol.ErrorCode;
import io.ridewire.model.protocol.Fields;
import io.ridewire.model.protocol.InvalidMessage;

import java.util.Optional;

/**
 * {@code match.cancel} ({@code {"match_id", "reason"?}}, a Ridewire addition): the passenger withdraws a request or
 * calls off a confirmed match, or the booked driver calls off a confirmed match, before its ride starts. Both parties
 * receive {@code match.cancelled} ({@code user_cancelled}, the free-text reason as its {@code message}); the driver is
 * free again. No direct reply; refusals are {@code error.validation} (FORBIDDEN for someone else's match, CONFLICT
 * for a match that is over, whose ride started, or — for its driver — that is only proposed, NOT_FOUND).
 */
public class MatchCancelHandler extends RouteHandler {
    static final int MAX_REASON = 200;

    private final Matchmaker matchmaker;

    public MatchCancelHandler() {
        this.matchmaker = applicationContext.getBean(Matchmaker.class);
    }

    public MatchCancelHandler(ApplicationContext context) {
        super(context);
        this.matchmaker = context.getBean(Matchmaker.class);
    }

    @Override
    protected Reply handle(Inbound message) {
        Party party = Party.of(message.caller().role())
                .orElseThrow(() -> InvalidMessage.forbidden("type", "only a match's driver or passenger cancels it"));
        Fields payload = message.fields();
        String matchId = payload.id("match_id");
        Optional<String> reason = payload.optionalString("reason");
        if (reason.isPresent() && reason.get().length() > MAX_REASON) {
            throw new InvalidMessage(payload.pathOf("reason"), ErrorCode.INVALID_VALUE,
                    "reason must be at most " + MAX_REASON + " characters");
        }
        matchmaker.cancel(matchId, new MatchEvent.Cancel(party, message.caller().userId(), reason.orElse(null)),
                message.trace());
        return Reply.none();
    }
}
