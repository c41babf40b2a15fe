package io.ridewire.e2e.faults;

import io.micronaut.json.tree.JsonNode;
import io.nats.client.JetStreamApiException;
import io.nats.client.api.StreamInfoOptions;
import io.nats.client.api.Subject;
import io.ridewire.bridge.timers.DeadlinePoller;
import io.ridewire.deployment.StreamCatalogue;
import io.ridewire.e2e.fixtures.RideFixtures;
import io.ridewire.e2e.fixtures.Spot;
import io.ridewire.functions.deadlines.DeadlineHandler;
import io.ridewire.functions.deadlines.DeadlineSettings;
import io.ridewire.functions.deadlines.Deadlines;
import io.ridewire.functions.events.NatsConnection;
import io.ridewire.local.LocalStack;
import io.ridewire.local.testing.Eventually;
import io.ridewire.local.testing.ServerProcess;
import io.ridewire.local.testing.TestStacks;
import io.ridewire.local.testing.WsClient;
import io.ridewire.model.events.Subjects;
import io.ridewire.model.identity.Role;
import io.ridewire.model.rides.Ride;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.ridewire.e2e.fixtures.RideFixtures.awaitFor;
import static io.ridewire.e2e.fixtures.RideFixtures.start;
import static io.ridewire.local.testing.WsClient.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A ride's start commits the ride with an outbox entry of what it owes (tracking, room, {@code ride.started} to the
 * parties and the platform): when the writer cannot finish it (NATS down here), the entry stays and the deadline
 * poller carries it out once NATS is back, each event once; a driver who resends the start gets the same ride.
 */
class RideStartOutboxIT {

    @Test
    void aStartWhoseFollowUpFails_isFinishedByThePoller_once_andARepeatGetsTheSameRide() throws Exception {
        try (ServerProcess nats = ServerProcess.nats();
             LocalStack own = TestStacks.start(b -> b.natsUrl(nats.natsUrl()).bridge(false)
                     .property("ridewire.location.max-clock-skew", "2h")
                     .property("ridewire.rides.progress-interval", "0s"))) {
            // the stack's poller stands for the bridge's: stopped, what the writer left behind stays visible
            own.context().getBean(DeadlinePoller.class).close();
            RideFixtures rides = new RideFixtures(own);
            Spot pickup = Spot.random();
            try (WsClient driver = rides.driverOn(RideFixtures.id("driver"), pickup);
                 WsClient passenger = rides.connect(Role.PASSENGER, RideFixtures.id("passenger"))) {
                String matchId = rides.confirmedMatch(driver, passenger, pickup, pickup.north(1));
                String rideId = Ride.idFor(matchId);

                nats.kill();
                driver.send(start(matchId, pickup));
                JsonNode answer = driver.await("ride.started", Duration.ofSeconds(30));
                assertThat(text(answer, "payload.ride_id")).isEqualTo(rideId);
                Deadlines deadlines = own.context().getBean(Deadlines.class);
                String entry = "ride-started:" + rideId;
                assertThat(deadlines.dueAt(entry)).as("the start's outbox entry, owed events unpublished").isPresent();

                driver.send(start(matchId, pickup.north(0.05)));
                assertThat(text(driver.await("ride.started", Duration.ofSeconds(30)), "payload.started_at"))
                        .as("a resend is answered with the same ride").isEqualTo(text(answer, "payload.started_at"));

                nats.start();
                NatsConnection connection = own.context().getBean(NatsConnection.class);
                try (DeadlinePoller bridgePoller = new DeadlinePoller(deadlines,
                        own.context().getBean(DeadlineSettings.class),
                        List.copyOf(own.context().getBeansOfType(DeadlineHandler.class)))) {
                    bridgePoller.start();
                    Eventually.until(() -> deadlines.dueAt(entry).isEmpty(), Duration.ofSeconds(30));
                }
                assertThat(text(awaitFor(driver, "ride.started", "ride_id", rideId), "id"))
                        .as("the poller tells the driver too, whose answer may have been lost")
                        .isEqualTo("ride.started:" + rideId);
                assertThat(count(connection, Subjects.RIDE_STARTED)).isEqualTo(1);
                assertThat(count(connection, Subjects.RIDE_CREATED)).isEqualTo(1);

                // the ride is tracked: its fixes count
                Instant t0 = Instant.now();
                for (int k = 1; k <= 2; k++) {
                    driver.send(RideFixtures.fix(rideId, pickup.north(0.5 * k), 5, t0.plusSeconds(60L * k)));
                }
                assertThat(text(awaitFor(passenger, "ride.progress", "ride_id", rideId), "payload.ride_id"))
                        .isEqualTo(rideId);
            }
        }
    }

    /** Messages stored on {@code subject} in the rides stream: this test's server carries only this test's ride. */
    private static long count(NatsConnection nats, String subject) throws IOException, JetStreamApiException {
        String name = nats.subject(subject);
        List<Subject> subjects = nats.connection().orElseThrow().jetStreamManagement()
                .getStreamInfo(nats.streamName(StreamCatalogue.RIDES), StreamInfoOptions.filterSubjects(name))
                .getStreamState().getSubjects();
        return subjects == null ? 0 : subjects.stream().filter(s -> s.getName().equals(name))
                .mapToLong(Subject::getCount).sum();
    }
}
