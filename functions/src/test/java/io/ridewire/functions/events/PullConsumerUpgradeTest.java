package io.ridewire.functions.events;

import io.ridewire.deployment.StreamCatalogue;

import io.micronaut.context.ApplicationContext;
import io.nats.client.ConsumerContext;
import io.nats.client.FetchConsumeOptions;
import io.nats.client.FetchConsumer;
import io.nats.client.Message;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A consumer left by an older version never stops the stack from starting (real nats-server with JetStream). */
class PullConsumerUpgradeTest {
    private ApplicationContext context;
    private NatsConnection nats;
    private String durable;

    @BeforeEach
    void start() throws Exception {
        String prefix = "up" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        String url = System.getenv().getOrDefault("RIDEWIRE_TEST_NATS_URL", "nats://127.0.0.1:4222");
        context = ApplicationContext.run(Map.of("ridewire.nats.url", url,
                "ridewire.nats.subject-prefix", prefix + ".", "ridewire.nats.stream-prefix", prefix.toUpperCase() + "_"));
        nats = context.getBean(NatsConnection.class);
        nats.ensureStream(StreamCatalogue.USERS);
        durable = nats.settings().getStreamPrefix() + "legacy";
    }

    @AfterEach
    void stop() throws Exception {
        nats.connection().orElseThrow().jetStreamManagement().deleteStream(nats.streamName(StreamCatalogue.USERS));
        context.close();
    }

    private ConsumerConfiguration pull(DeliverPolicy policy) {
        return ConsumerConfiguration.builder().durable(durable)
                .filterSubject(nats.subject("user.session.started"))
                .ackPolicy(AckPolicy.Explicit).deliverPolicy(policy).build();
    }

    private void publish(String body) throws Exception {
        nats.jetStream().orElseThrow().publish(nats.subject("user.session.started"), body.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> fetchAll(ConsumerContext consumer) throws Exception {
        List<String> bodies = new ArrayList<>();
        try (FetchConsumer fetch = consumer.fetch(FetchConsumeOptions.builder().maxMessages(10)
                .expiresIn(Duration.ofSeconds(1).toMillis()).build())) {
            Message message;
            while ((message = fetch.nextMessage()) != null) {
                bodies.add(new String(message.getData(), StandardCharsets.UTF_8));
                message.ack();
            }
        }
        return bodies;
    }

    @Test
    void aPushConsumerIsReplaced_resumingAfterItsAckFloor() throws Exception {
        var jsm = nats.connection().orElseThrow().jetStreamManagement();
        jsm.addOrUpdateConsumer(nats.streamName(StreamCatalogue.USERS), ConsumerConfiguration.builder()
                .durable(durable).deliverSubject("legacy-inbox-" + durable)
                .filterSubject(nats.subject("user.session.started")).ackPolicy(AckPolicy.Explicit).build());
        publish("one");
        publish("two");

        ConsumerContext consumer = nats.ensurePullConsumer(StreamCatalogue.USERS, pull(DeliverPolicy.New));

        assertThat(consumer.getConsumerInfo().getConsumerConfiguration().getDeliverSubject()).isNull();
        assertThat(fetchAll(consumer)).containsExactly("one", "two");
    }

    @Test
    void aPullConsumerThatCannotBeUpdated_keepsItsSettingsAndItsPlace() throws Exception {
        ConsumerContext first = nats.ensurePullConsumer(StreamCatalogue.USERS, pull(DeliverPolicy.All));
        publish("one");
        assertThat(fetchAll(first)).containsExactly("one");
        publish("two");

        // the deliver policy of an existing consumer cannot change: the consumer is kept as it is
        ConsumerContext again = nats.ensurePullConsumer(StreamCatalogue.USERS, pull(DeliverPolicy.New));

        assertThat(again.getConsumerInfo().getConsumerConfiguration().getDeliverPolicy()).isEqualTo(DeliverPolicy.All);
        assertThat(fetchAll(again)).containsExactly("two");
    }
}
