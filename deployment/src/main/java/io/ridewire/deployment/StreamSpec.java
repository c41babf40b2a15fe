package io.ridewire.deployment;

import java.time.Duration;
import java.util.List;

/**
 * A JetStream stream as the spec configures it.
 *
 * @param name     stream name (the configured prefix is prepended)
 * @param subjects subject filters (the configured subject prefix is prepended)
 * @param memory   memory storage instead of file
 * @param workQueue work-queue retention instead of limits
 * @param maxAge   how long messages are kept
 * @param maxMsgs  most messages kept
 */
public record StreamSpec(String name, List<String> subjects, boolean memory, boolean workQueue, Duration maxAge,
                         long maxMsgs) {
}
