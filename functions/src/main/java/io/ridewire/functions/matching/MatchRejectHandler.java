package io.ridewire.functions.matching;

import io.ridewire.model.matching.MatchEvent;

import io.micronaut.context.ApplicationContext;
import io.ridewire.functions.gateway.Inbound;
import io.ridewire.functions.gateway.Reply;
import io.ridewire.functions.gateway.RouteHandler;
import io.ridewire.model.matching.payload.MatchResponded;

import java.util.Set;

/**
 * {@code match.reject} from the proposed driver or the match's passenger: the next nearest driver is proposed (the
 * rejected one is not asked again), or the match is cancelled when nobody is left. No direct reply.
 */
public class MatchRejectHandler extends RouteHandler {
    private static final Set<String> REASONS = Set.of("too_far", "price_too_high", "other");

    private final Matchmaker matchmaker;
    private final MatchNotices notices;
    private final MatchingSettings settings;

    public MatchRejectHandler() {
        this.matchmaker = applicationContext.getBean(Matchmaker.class);
        this.notices = applicationContext.getBean(MatchNotices.class);
        this.settings = applicationContext.getBean(MatchingSettings.class);
    }

    public MatchRejectHandler(ApplicationContext context) {
        super(context);
        this.matchmaker = context.getBean(Matchmaker.class);
        this.notices = context.getBean(MatchNotices.class);
        this.settings = context.getBean(MatchingSettings.class);
    }

    @Override
    protected Reply handle(Inbound message) {
        Answers.Answer answer = Answers.read(message);
        String reason = message.fields().optionalOneOf("reason", REASONS).orElse(null);
        Matchmaker.Applied applied = matchmaker.answer(answer.matchId(),
                new MatchEvent.Reject(answer.party(), message.caller().userId(), reason), message.trace());
        if (applied.changed()) {
            notices.responded(applied.after(), answer.party(), message.caller().userId(), MatchResponded.REJECTED,
                    reason, Answers.proposedAt(applied.before(), settings), message.trace());
        }
        return Reply.none();
    }
}
