package io.ridewire.e2e.system;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import io.ridewire.functions.connections.ConnectHandler;
import io.ridewire.functions.connections.PingHandler;
import io.ridewire.functions.gateway.GatewayEvents;
import io.ridewire.functions.rest.RestApiHandler;
import io.ridewire.model.identity.Caller;
import io.ridewire.model.identity.Role;

import java.util.UUID;

/**
 * What {@link LambdaEntryIT} runs in a JVM of its own, as Lambda runs a function: each entry class built by its
 * no-arg constructor from the {@code RIDEWIRE_*} environment, then one request each; prints one line of outcomes.
 */
public final class LambdaEntry {
    private LambdaEntry() {
    }

    public static void main(String[] args) {
        String user = "entry-" + UUID.randomUUID();
        String connectionId = user + "=";
        Caller caller = new Caller(user, Role.PASSENGER, null);
        int connected = new ConnectHandler().handleRequest(GatewayEvents.connect(connectionId, caller), null)
                .getStatusCode();
        String pong = new PingHandler().handleRequest(GatewayEvents.message(connectionId, caller, "ping",
                "{\"type\":\"ping\",\"id\":\"p-1\",\"payload\":{}}"), null).getBody();
        int health = new RestApiHandler().handleRequest(new APIGatewayProxyRequestEvent().withHttpMethod("GET")
                .withPath("/health").withResource("/{proxy+}").withRequestContext(
                        new APIGatewayProxyRequestEvent.ProxyRequestContext().withRequestId(UUID.randomUUID().toString())
                                .withHttpMethod("GET").withPath("/health")), null).getStatusCode();
        System.out.println("ENTRY connect=" + connected + " health=" + health + " ping=" + pong);
        System.exit(0);
    }
}
