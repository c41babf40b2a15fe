package io.ridewire.functions.matching;

import io.micronaut.context.ApplicationContext;
import io.ridewire.functions.gateway.Inbound;
import io.ridewire.functions.gateway.Reply;
import io.ridewire.functions.gateway.RouteHandler;
import io.ridewire.model.matching.Party;
import io.ridewire.model.protocol.InvalidMessage;
import io.ridewire.model.inbound.MatchReject;
import jakarta.inject.Inject;

/**
 * {@code match.reject} from the proposed driver or the match's passenger: the next nearest driver is proposed (the
 * rejected one is not asked again), or the match is cancelled when nobody is left. No direct reply.
 */
public class MatchRejectHandler extends RouteHandler {
    @Inject
    ProposalAnswers answers;

    public MatchRejectHandler() {
    }

    public MatchRejectHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected Reply handle(Inbound message) {
        Party party = Party.of(message.caller().role())
                .orElseThrow(() -> InvalidMessage.forbidden("type", "only drivers and passengers answer proposals"));
        MatchReject reject = MatchReject.read(message.fields(), party);
        answers.reject(party, message.caller().userId(), reject.matchId(), reject.reason(), message.trace());
        return Reply.none();
    }
}
