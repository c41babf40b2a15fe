package io.ridewire.e2e.faults;

import io.micronaut.json.JsonMapper;
import io.ridewire.bridge.timers.DeadlinePoller;
import io.ridewire.functions.deadlines.DeadlineHandler;
import io.ridewire.functions.deadlines.DeadlineSettings;
import io.ridewire.functions.deadlines.Deadlines;
import io.ridewire.functions.presence.Presence;
import io.ridewire.local.LocalStack;
import io.ridewire.local.testing.Eventually;
import io.ridewire.local.testing.ServerProcess;
import io.ridewire.local.testing.TestStacks;
import io.ridewire.local.testing.WsClient;
import io.ridewire.model.identity.Role;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With NATS down, a new connection's {@code connection.established} is owed by a deadline, so the bridge's poller
 * sends it: a Lambda is frozen once {@code $connect} returns, and a thread of its own would never send it.
 */
class WelcomeWithoutNatsIT {

    @Test
    void aConnectWhileNatsIsDown_isWelcomedByTheDeadlinePoller() {
        try (ServerProcess nats = ServerProcess.nats();
             LocalStack own = TestStacks.start(b -> b.natsUrl(nats.natsUrl()).bridge(false))) {
            // the stack's poller stands for the bridge's: stopped, what this process left behind stays visible
            own.context().getBean(DeadlinePoller.class).close();
            nats.kill();
            JsonMapper mapper = own.context().getBean(JsonMapper.class);
            String user = TestStacks.uniqueId("passenger");

            try (WsClient client = WsClient.connectWithHeader(own.webSocketUri(),
                    own.tokens().mint(Role.PASSENGER, user), mapper)) {
                Presence presence = own.context().getBean(Presence.class);
                Eventually.until(() -> !presence.connectionsOf(user).isEmpty(), Duration.ofSeconds(10));
                Set<String> connections = presence.connectionsOf(user);
                Deadlines deadlines = own.context().getBean(Deadlines.class);
                String connection = connections.iterator().next();

                Eventually.until(() -> deadlines.dueAt("session.welcome:" + connection).isPresent(), Duration.ofSeconds(10));

                try (DeadlinePoller bridgePoller = new DeadlinePoller(deadlines, own.context().getBean(DeadlineSettings.class),
                        List.copyOf(own.context().getBeansOfType(DeadlineHandler.class)))) {
                    bridgePoller.start();
                    assertThat(client.await("connection.established", Duration.ofSeconds(15)).get("payload")
                            .get("user_id").getStringValue()).isEqualTo(user);
                    Eventually.until(() -> deadlines.dueAt("session.welcome:" + connection).isEmpty(), Duration.ofSeconds(10));
                }
            }
        }
    }
}
