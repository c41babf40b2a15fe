package io.ridewire.functions.routes;

import io.ridewire.deployment.Route;
import io.ridewire.deployment.RouteCatalogue;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.micronaut.context.ApplicationContext;
import io.ridewire.model.protocol.Direction;
import io.ridewire.model.protocol.EventType;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Every route of the catalogue names a real handler class the gateway (local or AWS) can construct. */
class RouteCatalogueHandlersTest {

    @Test
    void everyHandlerIsALambdaRequestHandlerWithBothConstructors() throws Exception {
        for (Route route : RouteCatalogue.routes()) {
            Class<?> type = Class.forName(route.handlerClass());
            assertThat(RequestHandler.class).as(route.routeKey()).isAssignableFrom(type);
            assertThat(type.getConstructor()).as("no-arg constructor of %s (Lambda)", type).isNotNull();
            assertThat(type.getConstructor(ApplicationContext.class)).as("context constructor of %s", type).isNotNull();
        }
        for (String handler : new String[] {RouteCatalogue.AUTHORIZER, RouteCatalogue.REST_API}) {
            assertThat(RequestHandler.class).isAssignableFrom(Class.forName(handler));
        }
    }

    @Test
    void everyClientEventHasARoute_andOnlyClientEventsDo() {
        Set<String> routed = new HashSet<>();
        for (Route route : RouteCatalogue.routes()) {
            if (!route.routeKey().startsWith("$")) {
                routed.add(route.routeKey());
                assertThat(EventType.fromWireName(route.routeKey())).as(route.routeKey())
                        .hasValueSatisfying(t -> assertThat(t.direction()).isEqualTo(Direction.CLIENT_TO_SERVER));
            }
        }
        for (EventType type : EventType.values()) {
            if (type.direction() == Direction.CLIENT_TO_SERVER) {
                assertThat(routed).as("route for %s", type.wireName()).contains(type.wireName());
            }
        }
        assertThat(RouteCatalogue.byKey(Route.CONNECT)).isPresent();
        assertThat(RouteCatalogue.byKey(Route.DISCONNECT)).isPresent();
        assertThat(RouteCatalogue.byKey(Route.DEFAULT)).isPresent();
    }

    @Test
    void functionNamesAreUnique() {
        assertThat(RouteCatalogue.routes().stream().map(Route::functionName).distinct().count())
                .isEqualTo(RouteCatalogue.routes().size());
    }
}
