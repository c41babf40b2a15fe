package io.ridewire.functions.deadlines;

import io.ridewire.functions.health.HealthCheck;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.Optional;

/**
 * The deadline poller and the outbox it finishes, judged by what matters: how late the most overdue deadline or
 * outbox entry is. Read from DynamoDB, so any process (a function, the bridge) tells the truth about every poller.
 */
@Singleton
public class DeadlineHealth implements HealthCheck {
    private final Deadlines deadlines;
    private final DeadlineSettings settings;

    public DeadlineHealth(Deadlines deadlines, DeadlineSettings settings) {
        this.deadlines = deadlines;
        this.settings = settings;
    }

    @Override
    public String component() {
        return "deadlines";
    }

    @Override
    public Optional<Result> check() {
        Duration lag = deadlines.lag();
        return Optional.of(lag.compareTo(settings.getMaxLag()) > 0
                ? new Result(Status.DEGRADED, lag.toMillis() + "ms",
                        "the most overdue deadline or outbox entry is late: is a poller running?")
                : new Result(Status.UP, lag.toMillis() + "ms", null));
    }
}
