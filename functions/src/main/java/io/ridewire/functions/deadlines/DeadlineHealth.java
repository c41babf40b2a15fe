package io.ridewire.functions.deadlines;

import io.ridewire.functions.health.HealthCheck;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The deadline poller and the outbox it finishes, judged by what matters: how late the most overdue deadline or
 * outbox entry is, and whether one has kept failing for long (retried with backoff, it is never overdue by much).
 * Read from DynamoDB, so any process (a function, the bridge) tells the truth about every poller.
 */
@Singleton
public class DeadlineHealth implements HealthCheck {
    private final Deadlines deadlines;
    private final DeadlineSettings settings;
    private final Clock clock;

    public DeadlineHealth(Deadlines deadlines, DeadlineSettings settings, Clock clock) {
        this.deadlines = deadlines;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public String component() {
        return "deadlines";
    }

    @Override
    public Optional<Result> check() {
        Duration lag = deadlines.lag();
        if (lag.compareTo(settings.getMaxLag()) > 0) {
            return Optional.of(new Result(Status.DEGRADED, lag.toMillis() + "ms",
                    "the most overdue deadline or outbox entry is late: is a poller running?"));
        }
        Optional<Deadlines.Failing> failing = deadlines.longestFailing();
        Duration failingFor = failing.map(f -> Duration.between(f.since(), clock.instant())).orElse(Duration.ZERO);
        if (failingFor.compareTo(settings.getMaxFailing()) > 0) {
            return Optional.of(new Result(Status.DEGRADED, lag.toMillis() + "ms", "deadline " + failing.get().id()
                    + " has failed every time for " + failingFor.toSeconds() + "s: is a store, NATS or the gateway down?"));
        }
        return Optional.of(new Result(Status.UP, lag.toMillis() + "ms", null));
    }
}
