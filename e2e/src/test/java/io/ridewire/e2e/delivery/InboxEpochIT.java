package io.ridewire.e2e.delivery;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.ridewire.functions.aws.TableNames;
import io.ridewire.functions.delivery.DurableDelivery;
import io.ridewire.functions.delivery.Inbox;
import io.ridewire.model.identity.Role;
import io.ridewire.local.LocalStack;
import io.ridewire.e2e.fixtures.OrderStacks;
import io.ridewire.local.testing.RestClient;
import io.ridewire.local.testing.TestStacks;
import io.ridewire.local.testing.WsClient;
import io.ridewire.model.orders.payload.OrderStatusUpdate;
import io.ridewire.model.protocol.EventType;
import io.ridewire.deployment.TableCatalogue;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static io.ridewire.local.testing.WsClient.text;
import static org.assertj.core.api.Assertions.assertThat;

/** The inbox epoch: a sequence that restarts (here, a wiped events table) restarts under a new epoch, and says so. */
class InboxEpochIT {
    private final LocalStack stack = OrderStacks.shared();
    private final JsonMapper json = stack.context().getBean(JsonMapper.class);
    private final DurableDelivery delivery = stack.context().getBean(DurableDelivery.class);
    private final DynamoDbClient dynamo = stack.context().getBean(DynamoDbClient.class);
    private final String events = stack.context().getBean(TableNames.class).of(TableCatalogue.EVENTS);
    private final RestClient rest = new RestClient(stack.gateway().restEndpoint(), json);

    private void send(String user, String status) {
        delivery.send(Inbox.user(user), UUID.randomUUID().toString(), EventType.ORDER_STATUS_UPDATE,
                new OrderStatusUpdate("o-epoch", status, Instant.now(), null));
    }

    @Test
    void afterTheInboxIsWiped_theEpochChanges_andSyncWithTheOldOneReplaysTheNewEpochWithRecoveredFalse() {
        String user = TestStacks.uniqueId("customer");
        String token = stack.tokens().mint(Role.CUSTOMER, user);
        try (WsClient client = WsClient.connectWithHeader(stack.webSocketUri(), token, json)) {
            client.await("connection.established");
            send(user, "preparing");
            send(user, "ready");
            client.await("order:status_update");
            JsonNode second = client.await("order:status_update");
            String oldEpoch = text(second, "epoch");
            assertThat(oldEpoch).isNotBlank();
            assertThat(text(second, "seq")).isEqualTo("2");

            client.send("{\"type\":\"sync\",\"id\":\"same\",\"payload\":{\"since\":2,\"epoch\":\"" + oldEpoch + "\"}}");
            JsonNode same = client.await("sync.completed");
            assertThat(text(same, "payload.recovered")).isEqualTo("true");
            assertThat(text(same, "payload.count")).isEqualTo("0");

            wipe(Inbox.user(user));
            send(user, "picked_up");
            JsonNode fresh = client.await("order:status_update");
            assertThat(text(fresh, "seq")).isEqualTo("1");
            String newEpoch = text(fresh, "epoch");
            assertThat(newEpoch).isNotBlank().isNotEqualTo(oldEpoch);

            client.send("{\"type\":\"sync\",\"id\":\"stale\",\"payload\":{\"since\":2,\"epoch\":\"" + oldEpoch + "\"}}");
            JsonNode replayed = client.await("order:status_update");
            assertThat(text(replayed, "payload.status")).isEqualTo("picked_up");
            JsonNode completed = client.await("sync.completed");
            assertThat(text(completed, "payload.recovered")).isEqualTo("false");
            assertThat(text(completed, "payload.epoch")).isEqualTo(newEpoch);
            assertThat(text(completed, "payload.since")).isEqualTo("0");
            assertThat(text(completed, "payload.last_seq")).isEqualTo("1");

            JsonNode page = rest.get("/events?since=2&epoch=" + oldEpoch, token).body();
            assertThat(text(page, "recovered")).isEqualTo("false");
            assertThat(text(page, "epoch")).isEqualTo(newEpoch);
            assertThat(page.get("events").size()).isEqualTo(1);
        }
    }

    /** Deletes every item of the inbox, counter included, as a restored or recreated table would have it. */
    private void wipe(Inbox inbox) {
        dynamo.queryPaginator(b -> b.tableName(events).keyConditionExpression("inbox = :i")
                        .expressionAttributeValues(Map.of(":i", AttributeValue.fromS(inbox.key()))))
                .items()
                .forEach(item -> dynamo.deleteItem(b -> b.tableName(events)
                        .key(Map.of("inbox", item.get("inbox"), "sk", item.get("sk")))));
    }
}
