package io.ridewire.functions.matching;

import io.micronaut.context.ApplicationContext;
import io.ridewire.functions.gateway.Inbound;
import io.ridewire.functions.gateway.Reply;
import io.ridewire.functions.gateway.RouteHandler;
import io.ridewire.model.matching.MatchEvent;
import io.ridewire.model.matching.Party;
import io.ridewire.model.protocol.InvalidMessage;
import io.ridewire.model.inbound.MatchCancel;
import jakarta.inject.Inject;

/**
 * {@code match.cancel} ({@code {"match_id", "reason"?}}, a Ridewire addition): the passenger withdraws a request or
 * calls off a confirmed match, or the booked driver calls off a confirmed match, before its ride starts. Both parties
 * receive {@code match.cancelled} ({@code user_cancelled}, the free-text reason as its {@code message}); the driver is
 * free again. No direct reply; refusals are {@code error.validation} (FORBIDDEN for someone else's match, CONFLICT
 * for a match that is over, whose ride started, or — for its driver — that is only proposed, NOT_FOUND).
 */
public class MatchCancelHandler extends RouteHandler {
    @Inject
    Matchmaker matchmaker;

    public MatchCancelHandler() {
    }

    public MatchCancelHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected Reply handle(Inbound message) {
        Party party = Party.of(message.caller().role())
                .orElseThrow(() -> InvalidMessage.forbidden("type", "only a match's driver or passenger cancels it"));
        MatchCancel cancel = MatchCancel.read(message.fields());
        matchmaker.cancel(cancel.matchId(), new MatchEvent.Cancel(party, message.caller().userId(), cancel.reason()),
                message.trace());
        return Reply.none();
    }
}
