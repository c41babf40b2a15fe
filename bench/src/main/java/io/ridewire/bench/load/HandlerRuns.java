package io.ridewire.bench.load;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import io.ridewire.model.identity.Caller;
import io.ridewire.model.identity.Role;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/** For benchmarks that invoke a handler as Lambda does and count the Redis commands it costs. */
public final class HandlerRuns {
    private HandlerRuns() {
    }

    /** A {@code location.update} message event from a driver, as the gateway hands it to the handler. */
    public static APIGatewayV2WebSocketEvent locationUpdate(String driverId, String body) {
        APIGatewayV2WebSocketEvent event = new APIGatewayV2WebSocketEvent();
        event.setBody(body);
        APIGatewayV2WebSocketEvent.RequestContext context = new APIGatewayV2WebSocketEvent.RequestContext();
        context.setRouteKey("location.update");
        context.setEventType("MESSAGE");
        context.setConnectionId("bench-" + driverId);
        context.setMessageId(UUID.randomUUID().toString());
        context.setRequestTimeEpoch(System.currentTimeMillis());
        context.setAuthorizer(new HashMap<>(new Caller(driverId, Role.DRIVER, null).toAuthorizerContext()));
        event.setRequestContext(context);
        return event;
    }

    /** Calls per Redis command from {@code INFO commandstats}. */
    public static Map<String, Long> commandStats(String info) {
        Map<String, Long> calls = new TreeMap<>();
        for (String line : info.split("\r?\n")) {
            if (line.startsWith("cmdstat_")) {
                String name = line.substring("cmdstat_".length(), line.indexOf(':'));
                int at = line.indexOf("calls=") + "calls=".length();
                calls.put(name, Long.parseLong(line.substring(at, line.indexOf(',', at))));
            }
        }
        return calls;
    }
}
