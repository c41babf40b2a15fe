package io.ridewire.functions.matching;

import io.micronaut.context.ApplicationContext;
import io.ridewire.functions.gateway.Inbound;
import io.ridewire.functions.gateway.Reply;
import io.ridewire.functions.gateway.RouteHandler;
import io.ridewire.model.matching.Party;
import io.ridewire.model.protocol.InvalidMessage;
import io.ridewire.model.inbound.MatchAccept;
import jakarta.inject.Inject;

/**
 * {@code match.accept} from the proposed driver or the match's passenger. The driver's accept confirms (both receive
 * {@code match.confirmed}); with {@code ridewire.matching.passenger-must-accept} the passenger's is needed too, in
 * either order, and otherwise it is a no-op. No direct reply; refusals are {@code error.validation} (FORBIDDEN for
 * someone else's proposal, CONFLICT for an expired, cancelled or confirmed one, NOT_FOUND).
 */
public class MatchAcceptHandler extends RouteHandler {
    @Inject
    ProposalAnswers answers;

    public MatchAcceptHandler() {
    }

    public MatchAcceptHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected Reply handle(Inbound message) {
        Party party = Party.of(message.caller().role())
                .orElseThrow(() -> InvalidMessage.forbidden("type", "only drivers and passengers answer proposals"));
        MatchAccept accept = MatchAccept.read(message.fields(), party);
        answers.accept(party, message.caller().userId(), accept.matchId(), message.trace());
        return Reply.none();
    }
}
