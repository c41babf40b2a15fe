package io.ridewire.bridge.routing;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.ridewire.model.identity.Role;
import io.ridewire.functions.push.Audience;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The relay's first step without servers: the built-in routing table turns an envelope into an audience. */
class BridgeRouteAudienceTest {
    private final JsonMapper json = JsonMapper.createDefault();
    private final RouteTable table = load();

    private RouteTable load() {
        try {
            return RouteTable.load(json, Optional.empty());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode envelope(String data) throws IOException {
        return json.readValue(("{\"event_id\":\"e1\",\"data\":" + data + "}").getBytes(StandardCharsets.UTF_8),
                JsonNode.class);
    }

    private BridgeRoute route(String subject) {
        return table.forSubject(subject).orElseThrow();
    }

    @Test
    void aUserRoute_namesEachUserItsPathsHold() throws IOException {
        Audience audience = route("match.found").audience(envelope("{\"driver_id\":\"d1\",\"passenger_id\":\"p1\"}"));
        assertThat(audience).isEqualTo(new Audience.All(List.of(
                Audience.users(List.of("d1")), Audience.users(List.of("p1")))));
    }

    @Test
    void aRoomRoute_fillsTheRoomTemplateFromTheEnvelope() throws IOException {
        Audience audience = route("ride.progress").audience(envelope("{\"ride_id\":\"r9\"}"));
        assertThat(audience).isEqualTo(new Audience.All(List.of(Audience.room("ride_r9"))));
    }

    @Test
    void aRoleRoute_namesEveryConnectionOfTheRole() {
        Recipient recipient = Recipient.parse("role:driver");
        assertThat(recipient.audience(null)).isEqualTo(Audience.role(Role.DRIVER));
    }

    @Test
    void anEnvelopeWithoutTheRecipientsField_isUnroutable() {
        assertThatThrownBy(() -> route("ride.progress").audience(envelope("{}")))
                .isInstanceOf(Recipient.MissingField.class)
                .hasMessageContaining("data.ride_id");
    }

    @Test
    void anObjectOrArrayWhereAnIdBelongs_isUnroutable() {
        assertThatThrownBy(() -> route("match.found").audience(
                envelope("{\"driver_id\":{\"id\":\"d1\"},\"passenger_id\":\"p1\"}")))
                .isInstanceOf(JsonPath.NotScalar.class)
                .hasMessage("data.driver_id is not a scalar");
        assertThatThrownBy(() -> route("ride.progress").audience(envelope("{\"ride_id\":[\"r9\"]}")))
                .isInstanceOf(JsonPath.NotScalar.class)
                .hasMessage("data.ride_id is not a scalar");
    }
}
