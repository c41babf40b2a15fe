package io.ridewire.deployment;

import io.ridewire.model.protocol.Direction;
import io.ridewire.model.protocol.EventType;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The AsyncAPI document describes every event of the catalogue and every route, in the right direction. */
class AsyncApiDocumentTest {
    private static final Path DOCUMENT = Path.of("..", "docs", "protocol", "asyncapi.yaml");

    @SuppressWarnings("unchecked")
    private static Map<String, Object> load() throws IOException {
        try (InputStream in = Files.newInputStream(DOCUMENT)) {
            return new Yaml().load(in);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> section(Map<String, Object> map, String... path) {
        Map<String, Object> current = map;
        for (String key : path) {
            current = (Map<String, Object>) current.get(key);
            assertThat(current).as(String.join(".", path)).isNotNull();
        }
        return current;
    }

    @Test
    void isAsyncApi3() throws IOException {
        assertThat(load().get("asyncapi")).isEqualTo("3.0.0");
    }

    @Test
    void everyEventOfTheCatalogueIsAMessageWithAPayloadSchema() throws IOException {
        Map<String, Object> messages = section(load(), "components", "messages");
        for (EventType type : EventType.values()) {
            assertThat(messages).as("message %s", type.wireName()).containsKey(type.wireName());
            Map<String, Object> message = section(messages, type.wireName());
            assertThat(message.get("name")).isEqualTo(type.wireName());
            assertThat(message).as("payload of %s", type.wireName()).containsKey("payload");
        }
    }

    @Test
    void everyEventIsAnOperationInItsDirection() throws IOException {
        Map<String, Object> operations = section(load(), "operations");
        for (EventType type : EventType.values()) {
            Map<String, Object> operation = section(operations, type.wireName());
            String expected = type.direction() == Direction.CLIENT_TO_SERVER ? "receive" : "send";
            assertThat(operation.get("action")).as("action of %s", type.wireName()).isEqualTo(expected);
        }
    }

    @Test
    void everyRoutedEventIsDescribedAsSomethingClientsSend() throws IOException {
        Map<String, Object> operations = section(load(), "operations");
        for (Route route : RouteCatalogue.routes()) {
            if (route.routeKey().startsWith("$")) {
                continue;
            }
            assertThat(operations).as("route %s", route.routeKey()).containsKey(route.routeKey());
            assertThat(section(operations, route.routeKey()).get("action")).isEqualTo("receive");
        }
    }

    @Test
    void everyMessageOfTheDocumentIsInTheCatalogue() throws IOException {
        Map<String, Object> messages = section(load(), "components", "messages");
        List<String> unknown = messages.keySet().stream().filter(name -> EventType.fromWireName(name).isEmpty()).toList();
        assertThat(unknown).as("messages described but not in EventType").isEmpty();
    }
}
