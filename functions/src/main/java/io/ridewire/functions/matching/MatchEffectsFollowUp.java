package io.ridewire.functions.matching;

import io.ridewire.functions.deadlines.Deadline;
import io.ridewire.functions.deadlines.DeadlineHandler;
import jakarta.inject.Singleton;

/** Carries out what a stored match change owes when its writer could not ({@link Matchmaker#EFFECTS_KIND}). */
@Singleton
public class MatchEffectsFollowUp implements DeadlineHandler {
    private final Matchmaker matchmaker;

    public MatchEffectsFollowUp(Matchmaker matchmaker) {
        this.matchmaker = matchmaker;
    }

    @Override
    public String kind() {
        return Matchmaker.EFFECTS_KIND;
    }

    @Override
    public void fire(Deadline deadline) {
        matchmaker.effectsOwed(deadline.payload(), deadline.id());
    }
}
