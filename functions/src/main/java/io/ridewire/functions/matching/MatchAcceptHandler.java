package io.ridewire.functions.matching;

import io.ridewire.model.matching.MatchEvent;

import io.micronaut.context.ApplicationContext;
import io.ridewire.functions.gateway.Inbound;
import io.ridewire.functions.gateway.Reply;
import io.ridewire.functions.gateway.RouteHandler;
import io.ridewire.model.matching.payload.MatchResponded;

/**
 * {@code match.accept} from the proposed driver or the match's passenger. The driver's accept confirms (both receive
 * {@code match.confirmed}); with {@code ridewire.matching.passenger-must-accept} the passenger's is needed too, in
 * either order, and otherwise it is a no-op. No direct reply; refusals are {@code error.validation} (FORBIDDEN for
 * someone else's proposal, CONFLICT for an expired, cancelled or confirmed one, NOT_FOUND).
 */
public class MatchAcceptHandler extends RouteHandler {
    private final Matchmaker matchmaker;
    private final MatchNotices notices;
    private final MatchingSettings settings;

    public MatchAcceptHandler() {
        this.matchmaker = applicationContext.getBean(Matchmaker.class);
        this.notices = applicationContext.getBean(MatchNotices.class);
        this.settings = applicationContext.getBean(MatchingSettings.class);
    }

    public MatchAcceptHandler(ApplicationContext context) {
        super(context);
        this.matchmaker = context.getBean(Matchmaker.class);
        this.notices = context.getBean(MatchNotices.class);
        this.settings = context.getBean(MatchingSettings.class);
    }

    @Override
    protected Reply handle(Inbound message) {
        Answers.Answer answer = Answers.read(message);
        Matchmaker.Applied applied = matchmaker.answer(answer.matchId(),
                new MatchEvent.Accept(answer.party(), message.caller().userId(), settings.confirmation()),
                message.trace());
        if (applied.changed()) {
            notices.responded(applied.after(), answer.party(), message.caller().userId(), MatchResponded.ACCEPTED, null,
                    Answers.proposedAt(applied.before(), settings), message.trace());
        }
        return Reply.none();
    }
}
