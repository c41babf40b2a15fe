package io.ridewire.e2e.faults;

import io.nats.client.JetStreamApiException;
import io.nats.client.api.StreamInfoOptions;
import io.nats.client.api.Subject;
import io.ridewire.bridge.timers.DeadlinePoller;
import io.ridewire.deployment.StreamCatalogue;
import io.ridewire.deployment.StreamSpec;
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
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import static io.ridewire.e2e.fixtures.RideFixtures.arrived;
import static io.ridewire.e2e.fixtures.RideFixtures.awaitFor;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A ride that ends while NATS is down still tells both parties at once (durable delivery needs no NATS), but its
 * outbox entry stays until {@code ride.completed} and {@code payment.requested} are on JetStream: queued in the
 * process's memory they would be lost with a frozen Lambda, while the entry said they were done.
 */
class RideEndWithoutNatsIT {

    @Test
    void anArrivalWhileNatsIsDown_keepsItsOutboxEntryUntilTheEventsArePublished_once() throws Exception {
        try (ServerProcess nats = ServerProcess.nats();
             LocalStack own = TestStacks.start(b -> b.natsUrl(nats.natsUrl()).bridge(false))) {
            // the stack's poller stands for the bridge's: stopped, what the writer left behind stays visible
            own.context().getBean(DeadlinePoller.class).close();
            RideFixtures rides = new RideFixtures(own);
            Spot pickup = Spot.random();
            try (WsClient driver = rides.driverOn(RideFixtures.id("driver"), pickup);
                 WsClient passenger = rides.connect(Role.PASSENGER, RideFixtures.id("passenger"))) {
                String rideId = rides.rideUnderway(driver, passenger, pickup, pickup.north(1));

                nats.kill();
                driver.send(arrived(rideId, pickup.north(1), null));
                awaitFor(passenger, "ride.completed", "ride_id", rideId);
                passenger.await("payment.request");

                Deadlines deadlines = own.context().getBean(Deadlines.class);
                String entry = "ride-ended:" + rideId;
                assertThat(deadlines.dueAt(entry)).as("the end's outbox entry, owed events unpublished").isPresent();

                nats.start();
                NatsConnection connection = own.context().getBean(NatsConnection.class);
                try (DeadlinePoller bridgePoller = new DeadlinePoller(deadlines,
                        own.context().getBean(DeadlineSettings.class),
                        List.copyOf(own.context().getBeansOfType(DeadlineHandler.class)))) {
                    bridgePoller.start();
                    Eventually.until(() -> deadlines.dueAt(entry).isEmpty(), Duration.ofSeconds(30));
                }
                assertThat(count(connection, StreamCatalogue.RIDES, Subjects.RIDE_COMPLETED)).isEqualTo(1);
                assertThat(count(connection, StreamCatalogue.PAYMENTS, Subjects.PAYMENT_REQUESTED)).isEqualTo(1);
            }
        }
    }

    /** Messages stored on {@code subject} in {@code stream}: this test's server carries only this test's ride. */
    private static long count(NatsConnection nats, StreamSpec stream, String subject)
            throws IOException, JetStreamApiException {
        String name = nats.subject(subject);
        List<Subject> subjects = nats.connection().orElseThrow().jetStreamManagement()
                .getStreamInfo(nats.streamName(stream), StreamInfoOptions.filterSubjects(name))
                .getStreamState().getSubjects();
        return subjects == null ? 0 : subjects.stream().filter(s -> s.getName().equals(name))
                .mapToLong(Subject::getCount).sum();
    }
}
