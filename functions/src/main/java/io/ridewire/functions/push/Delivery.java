package io.ridewire.functions.push;

import java.util.Map;
import java.util.Set;

/** What became of a delivery: the outcome per connection it was posted to. */
public record Delivery(Map<String, Outcome> outcomes) {
    public static final Delivery NONE = new Delivery(Map.of());

    public Delivery {
        outcomes = Map.copyOf(outcomes);
    }

    /** The connections the event was posted to. */
    public Set<String> connections() {
        return outcomes.keySet();
    }

    public int delivered() {
        return count(Outcome.DELIVERED);
    }

    public int gone() {
        return count(Outcome.GONE);
    }

    public int failed() {
        return count(Outcome.FAILED);
    }

    private int count(Outcome outcome) {
        return (int) outcomes.values().stream().filter(outcome::equals).count();
    }

    /** The result of one post. */
    public enum Outcome {
        DELIVERED,
        /** 410: the connection does not exist (any more, or not yet). */
        GONE,
        /** Not accepted: a timeout, an error, or the connection's queue is full. */
        FAILED
    }
}
