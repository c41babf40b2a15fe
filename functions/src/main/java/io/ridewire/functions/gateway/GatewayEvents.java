package io.ridewire.functions.gateway;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import io.ridewire.model.identity.Caller;

import java.util.HashMap;
import java.util.UUID;

/**
 * WebSocket events shaped as API Gateway hands them to a function after the authorizer, for code that calls a
 * handler directly: SnapStart priming, benchmarks, tests. (The local gateway builds its own, with every field the
 * real one sets.)
 */
public final class GatewayEvents {
    private GatewayEvents() {
    }

    /** A {@code $connect} of a caller's new connection, connected now. */
    public static APIGatewayV2WebSocketEvent connect(String connectionId, Caller caller) {
        APIGatewayV2WebSocketEvent event = event(connectionId, caller, "$connect", "CONNECT", null);
        event.getRequestContext().setConnectedAt(System.currentTimeMillis());
        return event;
    }

    /** A message on a route from a caller's connection, received now. */
    public static APIGatewayV2WebSocketEvent message(String connectionId, Caller caller, String routeKey, String body) {
        APIGatewayV2WebSocketEvent event = event(connectionId, caller, routeKey, "MESSAGE", body);
        event.getRequestContext().setMessageId(UUID.randomUUID().toString());
        return event;
    }

    private static APIGatewayV2WebSocketEvent event(String connectionId, Caller caller, String routeKey,
                                                    String eventType, String body) {
        APIGatewayV2WebSocketEvent.RequestContext context = new APIGatewayV2WebSocketEvent.RequestContext();
        context.setRouteKey(routeKey);
        context.setEventType(eventType);
        context.setConnectionId(connectionId);
        context.setRequestId(UUID.randomUUID().toString());
        context.setRequestTimeEpoch(System.currentTimeMillis());
        context.setAuthorizer(new HashMap<>(caller.toAuthorizerContext()));
        APIGatewayV2WebSocketEvent event = new APIGatewayV2WebSocketEvent();
        event.setRequestContext(context);
        event.setBody(body);
        return event;
    }
}
