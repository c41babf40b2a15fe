package io.ridewire.functions.events;

import io.ridewire.functions.health.HealthCheck;
import jakarta.inject.Singleton;

import java.util.Optional;

/** This process's events waiting for NATS ({@link PublishQueue}): DEGRADED while any wait, with how many. */
@Singleton
public class PublishHealth implements HealthCheck {
    private final PublishQueue queue;

    public PublishHealth(PublishQueue queue) {
        this.queue = queue;
    }

    @Override
    public String component() {
        return "nats_publish";
    }

    @Override
    public Optional<Result> check() {
        int backlog = queue.backlog();
        long dropped = queue.dropped();
        return Optional.of(new Result(backlog == 0 && dropped == 0 ? Status.UP : Status.DEGRADED,
                backlog + " events", backlog == 0 && dropped == 0 ? null
                        : backlog + " events waiting for NATS, " + dropped + " dropped since start"));
    }
}
