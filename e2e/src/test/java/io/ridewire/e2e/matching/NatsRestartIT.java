package io.ridewire.e2e.matching;

import io.ridewire.e2e.fixtures.Riders;
import io.ridewire.e2e.fixtures.Spot;

import io.nats.client.JetStreamApiException;
import io.ridewire.functions.events.NatsConnection;
import io.ridewire.deployment.StreamCatalogue;
import io.ridewire.model.identity.Role;
import io.ridewire.local.LocalStack;
import io.ridewire.local.testing.Eventually;
import io.ridewire.e2e.fixtures.Notifications;
import io.ridewire.local.testing.ServerProcess;
import io.ridewire.local.testing.TestStacks;
import io.ridewire.local.testing.WsClient;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

import static io.ridewire.local.testing.WsClient.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A nats-server of this test's own is killed ({@code kill -9}) and started again on the same port and store. The
 * stack's connection comes back on its own; what it keeps on the server is ensured again at once: the memory
 * stream of location events is recreated (so {@code location.update} publishes again), and the bridge consumes
 * again within 5 s of the server listening (not when a heartbeat alarm notices, a minute later).
 */
class NatsRestartIT {

    @Test
    void natsKilledAndRestarted_locationUpdatesPublishAgain_andTheBridgeDeliversWithinFiveSeconds() throws Exception {
        try (ServerProcess nats = ServerProcess.nats();
             LocalStack stack = TestStacks.start(b -> b.natsUrl(nats.natsUrl()))) {
            Riders riders = new Riders(stack);
            NatsConnection connection = stack.context().getBean(NatsConnection.class);
            Spot spot = Spot.random();
            String passengerId = Riders.id("passenger");
            try (WsClient driver = riders.driverOn(Riders.id("driver"), spot, "motorcycle");
                 WsClient passenger = riders.connect(Role.PASSENGER, passengerId)) {
                driver.send(Riders.location(spot, Instant.now()));
                Eventually.until(() -> lastSeq(connection) >= 1);
                Notifications.publish(connection, passengerId, "before");
                assertThat(text(passenger.await("notification.message"), "payload.title")).isEqualTo("before");

                nats.kill();
                // while NATS is gone, health says the bridge is not consuming
                Eventually.until(() -> healthSays(stack, "\"bridge\":\"DOWN\""));
                nats.start();
                long reachable = System.nanoTime();

                Notifications.publish(connection, passengerId, "after");
                var after = passenger.await(m -> "notification.message".equals(text(m, "type"))
                        && "after".equals(text(m, "payload.title")), Duration.ofSeconds(30), "notification after restart");
                Duration resumedIn = Duration.ofNanos(System.nanoTime() - reachable);
                assertThat(after).isNotNull();
                assertThat(resumedIn).as("bridge delivering again after NATS is reachable").isLessThanOrEqualTo(
                        Duration.ofSeconds(5));

                // the memory stream died with the server; the next location.update finds it recreated
                Eventually.until(() -> {
                    driver.send(Riders.location(spot, Instant.now()));
                    return lastSeq(connection) >= 1;
                }, Duration.ofSeconds(15));
            }
        }
    }

    private static boolean healthSays(LocalStack stack, String fragment) {
        try {
            var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(stack.gateway().restEndpoint() + "/health")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 503 && response.body().contains(fragment);
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The last sequence of the location stream (-1 while it is missing or NATS unreachable). */
    private static long lastSeq(NatsConnection nats) {
        try {
            return nats.connection().orElseThrow().jetStreamManagement()
                    .getStreamInfo(nats.streamName(StreamCatalogue.LOCATION)).getStreamState().getLastSequence();
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            return -1;
        }
    }

}
