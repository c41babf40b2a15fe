package io.ridewire.e2e.matching;

import io.ridewire.e2e.fixtures.Riders;

import io.ridewire.e2e.fixtures.Spot;

import io.micronaut.context.ApplicationContext;
import io.micronaut.json.tree.JsonNode;
import io.ridewire.bridge.timers.DeadlinePoller;
import io.ridewire.functions.deadlines.Deadlines;
import io.ridewire.model.identity.Role;
import io.ridewire.local.LocalStack;
import io.ridewire.local.testing.TestStacks;
import io.ridewire.local.testing.WsClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.ridewire.e2e.fixtures.Riders.request;
import static io.ridewire.local.testing.WsClient.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Timers survive the process that set them: the stack's timer process stops between a proposal and its expiry,
 * a fresh process (its own application context, on the same Redis, tables and gateway) starts, and the proposal
 * still expires on time — fired by the new process.
 */
class DeadlineRestartIT {
    private static final List<String> SHARED_PROPERTIES = List.of("ridewire.aws.dynamodb-endpoint",
            "ridewire.aws.management-endpoint", "ridewire.aws.local-credentials", "ridewire.aws.region",
            "ridewire.tables.prefix", "ridewire.redis.uri", "ridewire.redis.key-prefix", "ridewire.nats.url",
            "ridewire.nats.subject-prefix", "ridewire.nats.stream-prefix", "ridewire.jwt.secret",
            "ridewire.matching.proposal-timeout");

    @Test
    void proposalSetByOneProcess_expiresOnTimeInTheNextOne() {
        try (LocalStack stack = TestStacks.start(b -> b.property("ridewire.matching.proposal-timeout", "4s"))) {
            Riders riders = new Riders(stack);
            Spot spot = Spot.random();
            try (WsClient driver = riders.driverOn(Riders.id("driver"), spot.north(0.5), "motorcycle");
                 WsClient passenger = riders.connect(Role.PASSENGER, Riders.id("passenger"))) {
                passenger.send(request(spot, Riders.MOTORCYCLE_PREFERENCES));
                JsonNode proposal = passenger.await("match.proposal");
                String matchId = text(proposal, "payload.match_id");
                Instant expiresAt = Instant.parse(text(proposal, "payload.expires_at"));

                // the first process's timers die with it
                stack.context().getBean(DeadlinePoller.class).close();
                try (ApplicationContext second = ApplicationContext.builder()
                        .properties(propertiesOf(stack.context())).start()) {
                    assertThat(second.getBean(Deadlines.class).dueAt("match.proposal:" + matchId))
                            .as("the first process's deadline, seen from the second").isPresent();
                    second.getBean(DeadlinePoller.class).start();

                    JsonNode cancelled = Riders.awaitFor(passenger, "match.cancelled", matchId, Duration.ofSeconds(15));
                    Instant firedAt = Instant.now();
                    assertThat(text(cancelled, "payload.reason")).isEqualTo("driver_unavailable");
                    assertThat(text(driver.await("match.cancelled"), "payload.reason")).isEqualTo("timeout");
                    // at its time, not at a later sweep (the margin is for a loaded machine, not for the poller)
                    assertThat(firedAt).isAfterOrEqualTo(expiresAt.minusMillis(50))
                            .isBefore(expiresAt.plusSeconds(3));
                    assertThat(second.getBean(Deadlines.class).dueAt("match.proposal:" + matchId)).isEmpty();
                }
            }
        }
    }

    private static Map<String, Object> propertiesOf(ApplicationContext first) {
        Map<String, Object> properties = new HashMap<>();
        for (String name : SHARED_PROPERTIES) {
            first.getProperty(name, String.class).ifPresent(value -> properties.put(name, value));
        }
        return properties;
    }
}
